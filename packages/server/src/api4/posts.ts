// PLACEHOLDER: replaced by the posts slice.
import type { App } from '../app/app.js';
import type { Router } from './router.js';

export function registerPostRoutes(_r: Router, _app: App): void {}
