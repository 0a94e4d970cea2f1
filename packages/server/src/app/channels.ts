// PLACEHOLDER: replaced by the channels slice.
import type { App } from './app.js';
import type { AppContext } from './context.js';

export class ChannelService {
  constructor(
    private readonly ctx: AppContext,
    private readonly app: App,
  ) {}

}
