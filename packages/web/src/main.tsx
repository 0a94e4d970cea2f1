import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createBrowserServices } from './api/services';
import { makeStore } from './store/store';
import { Root } from './components/Root';
import { applyRememberedTheme } from './app/theme';
import './styles/app.css';

applyRememberedTheme();

const services = createBrowserServices(window.location.origin);
const store = makeStore(services);

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <Root store={store} />
  </StrictMode>,
);
