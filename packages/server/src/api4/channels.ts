// PLACEHOLDER: replaced by the channels slice.
import type { App } from '../app/app.js';
import type { Router } from './router.js';

export function registerChannelRoutes(_r: Router, _app: App): void {}
