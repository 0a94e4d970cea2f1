// PLACEHOLDER: replaced by the posts slice.
import type { App } from './app.js';
import type { AppContext } from './context.js';

export class PostService {
  constructor(
    private readonly ctx: AppContext,
    private readonly app: App,
  ) {}

}
