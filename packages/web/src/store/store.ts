import { configureStore, type ThunkAction, type UnknownAction } from '@reduxjs/toolkit';
import type { Services } from '../api/services';
import { sessionSlice } from './session-slice';
import { teamsSlice } from './teams-slice';
import { channelsSlice } from './channels-slice';
import { usersSlice } from './users-slice';
import { postsSlice } from './posts-slice';
import { typingSlice } from './typing-slice';
import { uiSlice } from './ui-slice';
import { searchSlice } from './search-slice';
import { uploadsSlice } from './uploads-slice';
import { preferencesSlice } from './preferences-slice';
import { threadsSlice } from './threads-slice';
import { draftsSlice } from './drafts-slice';

export function makeStore(services: Services) {
  return configureStore({
    reducer: {
      session: sessionSlice.reducer,
      teams: teamsSlice.reducer,
      channels: channelsSlice.reducer,
      users: usersSlice.reducer,
      posts: postsSlice.reducer,
      typing: typingSlice.reducer,
      ui: uiSlice.reducer,
      search: searchSlice.reducer,
      uploads: uploadsSlice.reducer,
      preferences: preferencesSlice.reducer,
      threads: threadsSlice.reducer,
      drafts: draftsSlice.reducer,
    },
    middleware: (getDefault) => getDefault({ thunk: { extraArgument: services } }),
  });
}

export type AppStore = ReturnType<typeof makeStore>;
export type RootState = ReturnType<AppStore['getState']>;
export type AppDispatch = AppStore['dispatch'];
export type AppThunk<R = void> = ThunkAction<R, RootState, Services, UnknownAction>;
