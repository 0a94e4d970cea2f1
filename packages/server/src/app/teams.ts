// PLACEHOLDER: replaced by the teams slice.
import type { Team, User } from '../store/store.js';
import type { App } from './app.js';
import type { AppContext } from './context.js';
import type { AuthSession } from './session.js';

export class TeamService {
  constructor(
    private readonly ctx: AppContext,
    private readonly app: App,
  ) {}

  async joinUserToTeam(_user: User, _team: Team, _session: AuthSession | null): Promise<void> {
    void this.ctx;
    void this.app;
    throw new Error('not yet built');
  }
}
