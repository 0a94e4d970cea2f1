// The "fanout" profile (hashrocket-style, loadtest-model.md §8.2): every simulated user only holds its
// WebSocket, while one poster broadcasts into the first team's town-square, which holds every user, at a
// fixed rate. The figure is post-to-recipient delivery; the model's pass mark is p95 under 500 ms.
import { Api, str } from './http.js';
import type { AdminLogin } from './seed.js';
import { message, sleep } from './util.js';

export const FANOUT_P95_TARGET_MS = 500;
const MAX_IN_FLIGHT = 50;

export class Broadcaster {
  private running = false;
  private loop: Promise<void> | null = null;
  posted = 0;
  failed = 0;
  skipped = 0;

  constructor(
    private readonly baseUrl: string,
    private readonly admin: AdminLogin,
    private readonly teamName: string,
    private readonly ratePerSec: number,
  ) {}

  async start(): Promise<string> {
    // Not counted in the pool's metrics: the posts are load, the deliveries are the measurement.
    const api = new Api(this.baseUrl, null, 15_000);
    await api.call('POST /users/login', '/users/login', { login_id: this.admin.username, password: this.admin.password });
    const channel = await api.call('GET /teams/name/{name}/channels/name/{name}', `/teams/name/${this.teamName}/channels/name/town-square`);
    const channelId = str(channel, 'id');
    this.running = true;
    this.loop = this.run(api, channelId);
    return channelId;
  }

  /** Open loop: a post every 1/rate s whatever the answers do; beyond MAX_IN_FLIGHT unanswered, skip. */
  private async run(api: Api, channelId: string): Promise<void> {
    const interval = 1000 / this.ratePerSec;
    let inFlight = 0;
    const started = performance.now();
    for (let n = 0; this.running; n++) {
      const due = started + n * interval;
      const wait = due - performance.now();
      if (wait > 0) await sleep(wait);
      if (!this.running) break;
      if (inFlight >= MAX_IN_FLIGHT) {
        this.skipped++;
        continue;
      }
      inFlight++;
      api
        .call('POST /posts', '/posts', { channel_id: channelId, message: message(35) })
        .then(() => this.posted++, () => this.failed++)
        .finally(() => inFlight--);
    }
  }

  async stop(): Promise<void> {
    this.running = false;
    await this.loop;
  }
}
