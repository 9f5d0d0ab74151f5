import { execFile, spawn } from 'node:child_process';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { JobInterrupted, type Job } from '../plugins/jobs.ts';

export const TRANSCODE_JOB = 'video.transcode';

export interface TranscodeJobData {
  mediaId: string;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** What this machine can do with video: without ffmpeg, videos play as uploaded. */
    videoSupport: { transcoding: boolean };
  }
}

/** One HLS rendition as stored in media.renditions. */
export interface Rendition {
  /** '360p', '720p' (the shorter side of the picture). */
  name: string;
  width: number;
  height: number;
  /** Peak bits per second of a segment, as the master playlist's BANDWIDTH. */
  bandwidth: number;
  /** Relative to the media's hls_prefix. */
  playlist: string;
}

interface Rung {
  short: number;
  maxrateK: number;
  audioK: number;
}

const LADDER: Rung[] = [
  { short: 360, maxrateK: 900, audioK: 96 },
  { short: 720, maxrateK: 2800, audioK: 128 },
];
const SEGMENT_SECONDS = 4;
// Share of media.progress the encoding gets; the upload of the files takes the rest up to 99.
const ENCODE_SHARE = 90;
const PROGRESS_EVERY_MS = 2000;
/** Longest one conversion attempt may run; a video that needs longer ends 'failed'. */
const TRANSCODE_TIMEOUT_HOURS = 3;

export interface Probe {
  durationSeconds: number | null;
  /** Display size, after rotation and pixel aspect. */
  width: number;
  height: number;
  fps: number | null;
  hasAudio: boolean;
}

export interface PlannedRendition {
  name: string;
  width: number;
  height: number;
  maxrateK: number;
  audioK: number;
  /** H.264 Main level, e.g. 31 for 3.1. */
  level: number;
}

const even = (n: number) => Math.max(2, 2 * Math.round(n / 2));

/** The H.264 levels a rendition may need, with their frame size and rate limits (in macroblocks). */
const LEVELS = [
  { level: 30, frame: 1620, rate: 40_500 },
  { level: 31, frame: 3600, rate: 108_000 },
  { level: 32, frame: 5120, rate: 216_000 },
  { level: 40, frame: 8192, rate: 245_760 },
];

function levelFor(width: number, height: number, fps: number): number {
  const frame = Math.ceil(width / 16) * Math.ceil(height / 16);
  return (LEVELS.find((l) => frame <= l.frame && frame * fps <= l.rate) ?? LEVELS[LEVELS.length - 1]!).level;
}

/** Frame rate of the output: above 30 fps, halved (50 → 25, 60 → 30) so the levels above hold. */
export function outputFps(fps: number | null): number | null {
  if (!fps || fps <= 30) return null;
  return fps / Math.ceil(fps / 30);
}

/**
 * The renditions for a source: 360p and 720p by the picture's shorter side, never upscaled (a
 * 360p source gets only 360p; a smaller one gets one rendition at its own size), aspect kept,
 * even dimensions.
 */
export function planRenditions(probe: Pick<Probe, 'width' | 'height' | 'fps'>): PlannedRendition[] {
  const { width, height } = probe;
  const short = Math.min(width, height);
  const aspect = width / height;
  const fps = outputFps(probe.fps) ?? probe.fps ?? 30;
  const sized = (s: number) => (width >= height ? { width: even(s * aspect), height: s } : { width: s, height: even(s / aspect) });
  let rungs = LADDER.filter((r) => r.short <= short);
  if (rungs.length === 0) {
    const s = 2 * Math.floor(short / 2);
    const base = LADDER[0]!;
    const scale = (s * s) / (base.short * base.short);
    rungs = [{ short: s, maxrateK: Math.max(200, Math.round(base.maxrateK * scale)), audioK: base.audioK }];
  }
  return rungs.map((r) => {
    const size = sized(r.short);
    return { name: `${r.short}p`, ...size, maxrateK: r.maxrateK, audioK: r.audioK, level: levelFor(size.width, size.height, fps) };
  });
}

/** The ffmpeg arguments that write every rendition's playlist and segments under outDir/<name>/. */
export function ffmpegArgs(input: string, outDir: string, probe: Probe, renditions: PlannedRendition[]): string[] {
  const fps = outputFps(probe.fps);
  const n = renditions.length;
  const head = `[0:v]${fps ? `fps=${fps},` : ''}split=${n}${renditions.map((_, i) => `[s${i}]`).join('')}`;
  const chains = renditions.map((r, i) => `[s${i}]scale=${r.width}:${r.height},setsar=1[v${i}]`);
  const args = ['-hide_banner', '-nostdin', '-y', '-loglevel', 'error', '-threads', '2', '-i', input];
  args.push('-filter_complex', [head, ...chains].join(';'));
  renditions.forEach((_, i) => {
    args.push('-map', `[v${i}]`);
    if (probe.hasAudio) args.push('-map', '0:a:0');
  });
  args.push('-c:v', 'libx264', '-preset', 'veryfast', '-threads', '2', '-pix_fmt', 'yuv420p', '-profile:v', 'main', '-crf', '23');
  renditions.forEach((r, i) => {
    args.push(`-level:v:${i}`, (r.level / 10).toFixed(1), `-maxrate:v:${i}`, `${r.maxrateK}k`, `-bufsize:v:${i}`, `${r.maxrateK * 2}k`);
  });
  // A key frame at every segment boundary, so each segment decodes on its own.
  args.push('-force_key_frames', `expr:gte(t,n_forced*${SEGMENT_SECONDS})`, '-sc_threshold', '0');
  if (probe.hasAudio) {
    args.push('-c:a', 'aac', '-ac', '2', '-ar', '48000');
    renditions.forEach((r, i) => args.push(`-b:a:${i}`, `${r.audioK}k`));
  }
  args.push(
    '-f', 'hls',
    '-hls_time', String(SEGMENT_SECONDS),
    '-hls_playlist_type', 'vod',
    '-hls_flags', 'independent_segments',
    '-hls_segment_type', 'mpegts',
    '-hls_segment_filename', path.join(outDir, '%v', 'seg_%04d.ts'),
    '-var_stream_map', renditions.map((r, i) => `v:${i}${probe.hasAudio ? `,a:${i}` : ''},name:${r.name}`).join(' '),
    '-progress', 'pipe:1',
    '-nostats',
    path.join(outDir, '%v', 'index.m3u8'),
  );
  return args;
}

/** The master playlist: one entry per rendition, with its measured bandwidth, size and codecs. */
export function masterPlaylist(renditions: (PlannedRendition & { bandwidth: number; averageBandwidth: number })[], hasAudio: boolean): string {
  const lines = ['#EXTM3U', '#EXT-X-VERSION:6', '#EXT-X-INDEPENDENT-SEGMENTS'];
  for (const r of renditions) {
    const codecs = [`avc1.4d40${r.level.toString(16).padStart(2, '0')}`, ...(hasAudio ? ['mp4a.40.2'] : [])].join(',');
    lines.push(
      `#EXT-X-STREAM-INF:BANDWIDTH=${r.bandwidth},AVERAGE-BANDWIDTH=${r.averageBandwidth},RESOLUTION=${r.width}x${r.height},CODECS="${codecs}"`,
      `${r.name}/index.m3u8`,
    );
  }
  return `${lines.join('\n')}\n`;
}

/** Peak and average bits per second of a rendition, from its playlist's durations and the segment files. */
async function measure(dir: string): Promise<{ bandwidth: number; averageBandwidth: number }> {
  const playlist = await readFile(path.join(dir, 'index.m3u8'), 'utf8');
  let peak = 0;
  let bytes = 0;
  let seconds = 0;
  let duration = 0;
  for (const line of playlist.split('\n')) {
    const inf = /^#EXTINF:([\d.]+)/.exec(line);
    if (inf) duration = Number(inf[1]);
    else if (line && !line.startsWith('#')) {
      const size = (await stat(path.join(dir, line.trim()))).size;
      bytes += size;
      seconds += duration;
      if (duration > 0) peak = Math.max(peak, (size * 8) / duration);
    }
  }
  const average = seconds > 0 ? (bytes * 8) / seconds : peak;
  return { bandwidth: Math.ceil(peak || average), averageBandwidth: Math.ceil(average) };
}

/** Runs a tool; rejects with a ToolError that carries the last thing it said. */
export function run(cmd: string, args: string[], signal?: AbortSignal, onStdout?: (chunk: string) => void): Promise<{ stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'], signal });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      if (onStdout) onStdout(chunk);
      else stdout += chunk;
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      // Only the end matters for an error message.
      stderr = (stderr + chunk).slice(-8000);
    });
    child.on('error', reject);
    child.on('close', (code, sig) => {
      if (code === 0) resolve({ stdout, stderr });
      else reject(new ToolError(path.basename(cmd), stderr, code, sig));
    });
  });
}

/** ffmpeg or ffprobe ended with an error; `detail` is the last thing it said. */
export class ToolError extends Error {
  readonly detail: string;
  constructor(tool: string, stderr: string, code: number | null, signal: NodeJS.Signals | null) {
    const lines = stderr.split('\n').map((l) => l.trim()).filter(Boolean);
    const detail = lines.at(-1) ?? (signal ? `stopped by ${signal}` : `exit code ${code}`);
    super(`${tool} failed: ${detail}`);
    this.detail = detail;
  }
}

/** A video the tools cannot read (or no video at all): nothing a retry would change. */
export class UnreadableVideoError extends Error {}

export async function probeVideo(ffprobe: string, file: string, signal?: AbortSignal): Promise<Probe> {
  const { stdout } = await run(ffprobe, ['-v', 'error', '-print_format', 'json', '-show_streams', '-show_format', file], signal);
  const info = JSON.parse(stdout) as {
    streams?: {
      codec_type?: string;
      width?: number;
      height?: number;
      avg_frame_rate?: string;
      r_frame_rate?: string;
      sample_aspect_ratio?: string;
      tags?: { rotate?: string };
      side_data_list?: { rotation?: number }[];
    }[];
    format?: { duration?: string };
  };
  const streams = info.streams ?? [];
  const video = streams.find((s) => s.codec_type === 'video' && s.width && s.height);
  if (!video) throw new UnreadableVideoError('no video stream');
  const rate = (r?: string) => {
    const [a, b] = (r ?? '').split('/').map(Number);
    return a && b ? a / b : null;
  };
  const sar = (() => {
    const [a, b] = (video.sample_aspect_ratio ?? '1:1').split(':').map(Number);
    return a && b ? a / b : 1;
  })();
  const rotation = Math.abs(Number(video.side_data_list?.find((d) => d.rotation !== undefined)?.rotation ?? video.tags?.rotate ?? 0)) % 180;
  let width = Math.round(video.width! * sar);
  let height = video.height!;
  if (rotation === 90) [width, height] = [height, width];
  const duration = Number(info.format?.duration);
  return {
    durationSeconds: Number.isFinite(duration) && duration > 0 ? duration : null,
    width,
    height,
    fps: rate(video.avg_frame_rate) ?? rate(video.r_frame_rate),
    hasAudio: streams.some((s) => s.codec_type === 'audio'),
  };
}

/** Whether a tool runs at all (`<tool> -version`). */
function available(cmd: string): Promise<boolean> {
  return new Promise((resolve) => {
    execFile(cmd, ['-version'], { timeout: 10_000 }, (err) => resolve(!err));
  });
}

const CONTENT_TYPES: Record<string, string> = { '.m3u8': 'application/vnd.apple.mpegurl', '.ts': 'video/mp2t', '.m4s': 'video/mp4', '.mp4': 'video/mp4' };

async function filesUnder(dir: string, base = ''): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(path.join(dir, base), { withFileTypes: true })) {
    const rel = base ? `${base}/${entry.name}` : entry.name;
    if (entry.isDirectory()) out.push(...(await filesUnder(dir, rel)));
    else out.push(rel);
  }
  return out;
}

/** The text kept in media.error: plain, in the UI's default language, with the tool's own words after it. */
function failureText(err: unknown): string {
  if (err instanceof JobInterrupted) {
    return `Video tidak selesai diolah dalam batas waktu (${TRANSCODE_TIMEOUT_HOURS} jam); coba unggah video yang lebih pendek.`;
  }
  if (err instanceof UnreadableVideoError) return `Berkas ini tidak berisi video yang dapat dibaca (${err.message}).`;
  if (err instanceof ToolError) return `Video tidak dapat diolah menjadi HLS (${err.detail}).`;
  return `Video tidak dapat diolah menjadi HLS (${err instanceof Error ? err.message : String(err)}).`;
}

/**
 * Turns uploaded videos into HLS (360p and 720p) through the job queue, and keeps
 * media.status/progress current so the trainer sees where it is. Without ffmpeg, videos are
 * marked ready at once and play as uploaded.
 */
export default fp(
  async (app: FastifyInstance) => {
    const { config, db } = app;
    const transcoding = (await available(config.FFMPEG_PATH)) && (await available(config.FFPROBE_PATH));
    app.decorate('videoSupport', { transcoding });
    if (!transcoding) {
      app.log.warn(
        `ffmpeg/ffprobe not found (FFMPEG_PATH=${config.FFMPEG_PATH}, FFPROBE_PATH=${config.FFPROBE_PATH}): videos are not converted to HLS and play as uploaded`,
      );
    }

    const playAsUploaded = (ids?: string[]) => {
      let q = db
        .updateTable('media')
        .set({ status: 'ready', progress: 100, updated_at: new Date() })
        .where('kind', '=', 'video')
        .where('status', '=', 'processing');
      if (ids) q = q.where('id', 'in', ids);
      return q.execute();
    };

    const enqueue = (mediaId: string) =>
      app.jobs.send<TranscodeJobData>(TRANSCODE_JOB, { mediaId }, { singletonKey: mediaId, expireInSeconds: TRANSCODE_TIMEOUT_HOURS * 3600 });

    app.mediaEvents.on('created', (media) => {
      if (media.kind !== 'video') return;
      const done = transcoding ? enqueue(media.id) : playAsUploaded([media.id]);
      done.catch((err: unknown) => app.log.error({ err, media: media.id }, 'could not queue the video for conversion'));
    });

    if (transcoding) app.jobs.work<TranscodeJobData>(TRANSCODE_JOB, (job) => transcode(job), { policy: 'short' });

    // Once the queue runs: videos whose job is gone (the last attempt was cut short by a crash,
    // or uploaded while the queue was down) are queued again; the singleton key keeps this
    // idempotent. Without ffmpeg, videos left waiting from an earlier run play as uploaded.
    app.jobs.onStarted(async () => {
      if (!transcoding) {
        await playAsUploaded();
        return;
      }
      const waiting = await db.selectFrom('media').select('id').where('kind', '=', 'video').where('status', '=', 'processing').execute();
      for (const { id } of waiting) {
        if (!(await app.jobs.pending(TRANSCODE_JOB, id))) await enqueue(id);
      }
    });

    async function setProgress(id: string, progress: number) {
      await db
        .updateTable('media')
        .set({ progress: Math.max(0, Math.min(99, Math.floor(progress))), updated_at: new Date() })
        .where('id', '=', id)
        .where('status', '=', 'processing')
        .execute();
    }

    async function transcode(job: Job<TranscodeJobData>) {
      const { mediaId } = job.data;
      const media = await db.selectFrom('media').select(['id', 'storage_key', 'status', 'kind']).where('id', '=', mediaId).executeTakeFirst();
      // Gone, or finished by an earlier attempt: nothing to do.
      if (!media || media.kind !== 'video' || media.status !== 'processing') return;
      const log = app.log.child({ media: mediaId, job: job.id });
      const work = await mkdtemp(path.join(os.tmpdir(), 'sinau-video-'));
      let lastWrite = Promise.resolve();
      try {
        await setProgress(mediaId, 0);
        const input = path.join(work, 'original');
        await pipeline(await app.storage.get(media.storage_key), createWriteStream(input), { signal: job.signal });

        const probe = await probeVideo(config.FFPROBE_PATH, input, job.signal).catch((err: unknown) => {
          throw err instanceof ToolError ? new UnreadableVideoError(err.detail) : err;
        });
        const planned = planRenditions(probe);
        const out = path.join(work, 'hls');
        await mkdir(out);

        // ffmpeg reports `out_time_us=` on stdout; the row is written at most every 2 s.
        let buffered = '';
        let lastAt = 0;
        let lastPct = 0;
        let encodedSeconds = 0;
        const onProgress = (chunk: string) => {
          buffered += chunk;
          const lines = buffered.split('\n');
          buffered = lines.pop() ?? '';
          for (const line of lines) {
            const m = /^out_time_us=(\d+)/.exec(line);
            if (!m) continue;
            encodedSeconds = Number(m[1]) / 1e6;
            if (!probe.durationSeconds) continue;
            const pct = Math.floor((encodedSeconds / probe.durationSeconds) * ENCODE_SHARE);
            const now = Date.now();
            if (pct > lastPct && now - lastAt >= PROGRESS_EVERY_MS) {
              lastAt = now;
              lastPct = pct;
              lastWrite = lastWrite.then(() => setProgress(mediaId, pct)).catch((err: unknown) => log.warn({ err }, 'progress not saved'));
            }
          }
        };
        const started = Date.now();
        await run(config.FFMPEG_PATH, ffmpegArgs(input, out, probe, planned), job.signal, onProgress);
        await lastWrite;
        log.info({ seconds: (Date.now() - started) / 1000, renditions: planned.map((r) => r.name) }, 'video converted to HLS');

        const measured = [];
        for (const r of planned) measured.push({ ...r, ...(await measure(path.join(out, r.name))) });
        await writeFile(path.join(out, 'master.m3u8'), masterPlaylist(measured, probe.hasAudio));
        await setProgress(mediaId, ENCODE_SHARE);

        // A previous attempt may have left some files behind.
        const prefix = `media/${mediaId}/hls`;
        await app.storage.deletePrefix(`${prefix}/`);
        const files = await filesUnder(out);
        for (const [i, rel] of files.entries()) {
          job.signal.throwIfAborted();
          const file = path.join(out, ...rel.split('/'));
          const { size } = await stat(file);
          await app.storage.put(`${prefix}/${rel}`, createReadStream(file), { contentType: CONTENT_TYPES[path.extname(rel)] ?? 'application/octet-stream', size });
          if (i % 10 === 9) await setProgress(mediaId, ENCODE_SHARE + ((i + 1) / files.length) * (99 - ENCODE_SHARE));
        }

        const renditions: Rendition[] = measured.map((r) => ({
          name: r.name,
          width: r.width,
          height: r.height,
          bandwidth: r.bandwidth,
          playlist: `${r.name}/index.m3u8`,
        }));
        const duration = probe.durationSeconds ?? encodedSeconds;
        const saved = await db
          .updateTable('media')
          .set({
            status: 'ready',
            progress: 100,
            error: null,
            hls_prefix: prefix,
            renditions: JSON.stringify(renditions),
            duration_seconds: Math.round(duration * 100) / 100,
            updated_at: new Date(),
          })
          .where('id', '=', mediaId)
          .where('status', '=', 'processing')
          .executeTakeFirst();
        // Deleted while it was being converted: its files must not outlive it.
        if (saved.numUpdatedRows === 0n) await app.storage.deletePrefix(`${prefix}/`);
      } catch (err) {
        await lastWrite;
        const reason: unknown = job.signal.aborted ? job.signal.reason : err;
        // Interrupted by a shutdown: the job runs again after the restart.
        if (reason instanceof JobInterrupted && reason.reason === 'shutdown') throw err;
        if (job.lastAttempt) {
          log.warn({ err: reason }, 'video conversion failed for good');
          await db
            .updateTable('media')
            .set({ status: 'failed', error: failureText(reason), updated_at: new Date() })
            .where('id', '=', mediaId)
            .where('status', '=', 'processing')
            .execute();
        }
        throw err;
      } finally {
        await rm(work, { recursive: true, force: true });
      }
    }
  },
  { name: 'video', dependencies: ['config', 'db', 'storage', 'jobs'] },
);
