import { mkdtemp, rm } from 'node:fs/promises';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';

interface S3rverInstance {
  run(): Promise<AddressInfo>;
  close(): Promise<void>;
  httpServer: Server;
}
type S3rverClass = new (opts: Record<string, unknown>) => S3rverInstance;
const S3rver = createRequire(import.meta.url)('s3rver') as S3rverClass;

/** s3rver's fixed credentials. */
export const S3RVER_KEY = 'S3RVER';

export interface TestS3 {
  /** http://127.0.0.1:<port> */
  endpoint: string;
  dir: string;
  /** 'METHOD /path?query status' of every request so far, to see what a client did. */
  requests: string[];
  close(): Promise<void>;
}

/**
 * A real S3 API over HTTP on 127.0.0.1 (s3rver, files in a throwaway folder). s3rver lacks
 * ListMultipartUploads, which the minio client asks before every multipart upload: that one
 * request is answered here with an empty list, everything else goes to s3rver.
 */
export async function startS3rver(): Promise<TestS3> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'sinau-s3rver-'));
  const s3 = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory: dir });
  const address = await s3.run();
  const server = s3.httpServer;
  const [s3rverHandler] = server.listeners('request') as ((req: IncomingMessage, res: ServerResponse) => void)[];
  server.removeAllListeners('request');
  const requests: string[] = [];
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://s3');
    res.on('finish', () => requests.push(`${req.method} ${url.pathname}${url.search} ${res.statusCode}`));
    const bucket = /^\/([^/]+)\/?$/.exec(url.pathname)?.[1];
    if (req.method === 'GET' && bucket && url.searchParams.has('uploads')) {
      res.writeHead(200, { 'content-type': 'application/xml' });
      res.end(
        '<?xml version="1.0" encoding="UTF-8"?>\n' +
          `<ListMultipartUploadsResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Bucket>${bucket}</Bucket>` +
          '<KeyMarker></KeyMarker><UploadIdMarker></UploadIdMarker><MaxUploads>1000</MaxUploads></ListMultipartUploadsResult>',
      );
      return;
    }
    s3rverHandler!(req, res);
  });
  return {
    endpoint: `http://127.0.0.1:${address.port}`,
    dir,
    requests,
    async close() {
      server.closeAllConnections();
      await s3.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
