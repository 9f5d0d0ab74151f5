import { EventEmitter } from 'node:events';
import path from 'node:path';
import fp from 'fastify-plugin';
import { FsStorage } from '../media/fs-storage.ts';
import { S3Storage } from '../media/s3-storage.ts';
import type { MediaEventMap } from '../media/service.ts';
import type { Storage } from '../media/storage.ts';

declare module 'fastify' {
  interface FastifyInstance {
    /** Where uploaded files live: DATA_DIR/files, or S3/MinIO when S3_ENDPOINT is set. */
    storage: Storage;
    /**
     * Media lifecycle events inside this app instance: 'created' fires once a new media row is
     * committed (the video worker listens for kind 'video').
     */
    mediaEvents: EventEmitter<MediaEventMap>;
  }
}

/** Picks the file store from the settings, unless the caller hands one in. */
export default fp<{ storage?: Storage }>(
  async (app, opts) => {
    const { config } = app;
    const storage =
      opts.storage ??
      (config.S3_ENDPOINT
        ? await new S3Storage({
            endpoint: config.S3_ENDPOINT,
            accessKey: config.S3_ACCESS_KEY,
            secretKey: config.S3_SECRET_KEY,
            bucket: config.S3_BUCKET,
            region: config.S3_REGION,
          }).init()
        : new FsStorage(path.join(config.dataDir, 'files')));
    app.decorate('storage', storage);
    app.decorate('mediaEvents', new EventEmitter<MediaEventMap>());
  },
  { name: 'storage', dependencies: ['config'] },
);
