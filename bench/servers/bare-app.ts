import type { Server } from 'node:http';
import { App, HTTPReceiver, LogLevel } from '@slack/bolt';

/**
 * The baseline: a Bolt app as small as Bolt allows, with the same receiver
 * settings as Cadence (HTTPReceiver, /slack/events, processBeforeResponse false)
 * and listeners that only ack. Whatever Cadence adds on top of this is its own cost.
 */
export function buildBareApp(opts: { signingSecret: string; botToken: string; slackApiUrl: string }) {
  const receiver = new HTTPReceiver({
    signingSecret: opts.signingSecret,
    endpoints: '/slack/events',
    processBeforeResponse: false,
    customRoutes: [
      {
        path: '/healthz',
        method: ['GET'],
        handler: (_req, res) => {
          res.writeHead(200, { 'content-type': 'application/json' });
          res.end('{"status":"ok"}');
        },
      },
    ],
  });
  // Like Cadence: auth.test runs in start(), before the port opens, so both pay for it before /healthz answers.
  const app = new App({
    token: opts.botToken,
    receiver,
    logLevel: LogLevel.INFO,
    clientOptions: { slackApiUrl: opts.slackApiUrl },
    deferInitialization: true,
  });
  app.command(/.*/, async ({ ack }) => ack());
  app.shortcut(/.*/, async ({ ack }) => ack());
  app.action(/.*/, async ({ ack }) => ack());
  app.view(/.*/, async ({ ack }) => ack());
  app.options(/.*/, async ({ ack }) => ack({ options: [] }));
  return {
    app,
    async start(port: number): Promise<number> {
      await app.init();
      const server = (await receiver.start(port)) as Server;
      const address = server.address();
      if (!address || typeof address !== 'object') throw new Error('the bare app did not report its port');
      return address.port;
    },
    async stop(): Promise<void> {
      await receiver.stop();
    },
  };
}
