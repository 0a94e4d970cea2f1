// PLACEHOLDER: replaced by the teams slice.
import type { App } from '../app/app.js';
import type { Router } from './router.js';

export function registerTeamRoutes(_r: Router, _app: App): void {}
