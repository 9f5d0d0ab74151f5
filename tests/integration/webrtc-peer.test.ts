import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JanusConnection, type JanusSession } from '../../server/webinars/janus/client.ts';
import type { JanusSecrets } from '../../server/webinars/janus/install.ts';
import { VIDEOROOM_PLUGIN, VideoRoomAdmin } from '../../server/webinars/janus/videoroom.ts';
import { createTestApp, type TestApp } from '../support/app.ts';
import { publishToRoom, subscribeToFeed, WebRtcPublisher, WebRtcSubscriber } from '../support/webrtc-peer.ts';

describe('WebRTC peers through the Janus VideoRoom Sinau runs', () => {
  let t: TestApp;
  let conn: JanusConnection;
  let session: JanusSession;
  let rooms: VideoRoomAdmin;
  const closing: { close(): Promise<void> }[] = [];

  beforeAll(async () => {
    t = await createTestApp();
    const secrets: JanusSecrets = JSON.parse(await readFile(path.join(t.config.dataDir, 'janus', 'secrets.json'), 'utf8'));
    conn = await JanusConnection.connect(t.app.janus.supervisor!.url!, { apiSecret: secrets.apiSecret });
    session = await conn.createSession();
    rooms = new VideoRoomAdmin(await session.attach(VIDEOROOM_PLUGIN), secrets.adminKey);
  });
  afterAll(async () => {
    for (const c of closing.reverse()) await c.close().catch(() => {});
    conn?.close();
    await t?.close();
  });

  it('publishes a test pattern and a tone that a subscriber receives as video and audio RTP', async () => {
    const room = await rooms.createRoom({ secret: 'rahasia', publishers: 2, description: 'peer test' });
    const publisher = await WebRtcPublisher.start();
    closing.push(publisher);
    const { id: feed } = await publishToRoom(await session.attach(VIDEOROOM_PLUGIN), publisher, { room, display: 'Pelatih' });
    expect((await rooms.listParticipants(room)).find((p) => p.id === feed)).toMatchObject({ display: 'Pelatih', publisher: true });

    const subscriber = new WebRtcSubscriber();
    closing.push(subscriber);
    await subscribeToFeed(await session.attach(VIDEOROOM_PLUGIN), subscriber, { room, feed });
    await subscriber.waitForPackets({ video: 30, audio: 50 }, 15_000);
    expect(subscriber.received.video.bytes).toBeGreaterThan(10_000);
    expect(subscriber.received.audio.bytes).toBeGreaterThan(1_000);
    expect(publisher.produced.video.packets).toBeGreaterThanOrEqual(subscriber.received.video.packets);

    // Once the room is gone, nothing more arrives.
    expect(await rooms.destroyRoom(room, 'rahasia')).toBe(true);
    await new Promise((r) => setTimeout(r, 500));
    const after = subscriber.received.video.packets;
    await new Promise((r) => setTimeout(r, 1000));
    expect(subscriber.received.video.packets).toBe(after);
  });

  it('receives several publishers on one subscriber connection', async () => {
    const room = await rooms.createRoom({ secret: 'rahasia', publishers: 3, description: 'peer test' });
    const trainer = await WebRtcPublisher.start({ width: 320, height: 180 });
    const speaker = await WebRtcPublisher.start({ video: false, toneHz: 880 });
    closing.push(trainer, speaker);
    const { id: a } = await publishToRoom(await session.attach(VIDEOROOM_PLUGIN), trainer, { room, display: 'Pelatih' });
    const { id: b } = await publishToRoom(await session.attach(VIDEOROOM_PLUGIN), speaker, { room, display: 'Narasumber' });

    const subscriber = new WebRtcSubscriber();
    closing.push(subscriber);
    await subscribeToFeed(await session.attach(VIDEOROOM_PLUGIN), subscriber, { room, feed: [a, b] });
    await subscriber.waitForPackets({ video: 20, audio: 100 }, 15_000);
    expect(subscriber.tracks.map((t) => t.kind).sort()).toEqual(['audio', 'audio', 'video']);
    await expect.poll(() => subscriber.tracks.every((t) => t.received.packets > 10), { timeout: 5000 }).toBe(true);
    expect(await rooms.destroyRoom(room, 'rahasia')).toBe(true);
  });
});
