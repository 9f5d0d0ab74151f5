/**
 * `app.janus`: the Janus servers live video runs on. With JANUS_URL, the servers listed there;
 * else, when a janus binary is installed, one that Sinau runs itself under DATA_DIR/janus;
 * else none, and the app says live video is unavailable.
 */
import path from 'node:path';
import fp from 'fastify-plugin';
import { JanusGateway, JanusLink } from './gateway.ts';
import { findExecutable, loadSecrets, locateJanus } from './install.ts';
import { JanusSupervisor } from './supervisor.ts';

declare module 'fastify' {
  interface FastifyInstance {
    janus: JanusGateway;
  }
}

/** The host of a JANUS_URL entry: where the other servers send it RTP (brackets of an IPv6 address removed). */
function rtpHostOf(url: string): string {
  try {
    return new URL(url).hostname.replace(/^\[(.*)\]$/, '$1');
  } catch {
    return '127.0.0.1';
  }
}

/** How long app start waits for Janus to answer before going on without it (it keeps trying). */
const START_WAIT_MS = 5000;

export default fp(
  async (app) => {
    const config = app.config;
    const log = app.log.child({ module: 'janus' });
    let gateway: JanusGateway;
    const urls = config.JANUS_URL.split(',')
      .map((u) => u.trim())
      .filter(Boolean);
    if (urls.length > 0) {
      const links = urls.map(
        (url) =>
          new JanusLink(
            { key: url, url: () => url, apiSecret: config.JANUS_API_SECRET || undefined, adminKey: config.JANUS_ADMIN_KEY || undefined, rtpHost: rtpHostOf(url) },
            log,
          ),
      );
      gateway = new JanusGateway(links, null, null, null, log);
    } else {
      const install = await locateJanus(config.JANUS_PATH);
      if ('missing' in install) {
        log.info(`live video unavailable: ${install.missing}`);
        gateway = new JanusGateway([], null, install.missing, null, log);
      } else {
        const dir = path.join(config.dataDir, 'janus');
        const secrets = await loadSecrets(dir);
        const supervisor = new JanusSupervisor({
          install,
          dir,
          secrets,
          port: config.JANUS_WS_PORT,
          rtpPortRange: config.JANUS_RTP_PORT_RANGE,
          nat: { publicIp: config.JANUS_PUBLIC_IP || undefined, stunServer: config.JANUS_STUN_SERVER || undefined },
          log,
          setpriv: await findExecutable('setpriv'),
        });
        const link = new JanusLink({ key: 'embedded', url: () => supervisor.url, apiSecret: secrets.apiSecret, adminKey: secrets.adminKey, rtpHost: '127.0.0.1' }, log);
        supervisor.on('ready', () => link.connect());
        supervisor.on('down', () => link.lost());
        gateway = new JanusGateway([link], supervisor, null, path.join(dir, 'recordings'), log);
      }
    }
    app.decorate('janus', gateway);

    app.addHook('onReady', async () => {
      if (gateway.supervisor) {
        // App start waits a few seconds at most: past that it goes on without live video, which
        // follows as soon as Janus answers.
        void gateway.supervisor.start().catch((err: unknown) => log.error({ err }, 'janus: could not be started'));
        await gateway.supervisor.waitReady(START_WAIT_MS);
      } else {
        for (const link of gateway.links) link.connect();
      }
      await Promise.all(gateway.links.map((l) => l.ready(1000)));
    });

    app.addHook('onClose', async () => {
      for (const link of gateway.links) link.close();
      await gateway.supervisor?.stop();
    });
  },
  { name: 'janus', dependencies: ['config'] },
);
