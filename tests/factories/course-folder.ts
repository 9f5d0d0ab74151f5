import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

export interface FixtureLesson {
  key: string;
  kind: 'text' | 'video' | 'document' | 'link';
  title: string;
  required?: boolean;
  minutes?: number;
}

/**
 * Writes a course folder in the content-file format into a fresh content dir and returns the
 * dir. Video and PDF lessons get small placeholder files (the loader trusts their extensions).
 */
export async function writeCourseFolder(opts: {
  dir?: string;
  slug: string;
  title: string;
  jp?: number;
  minWatchPct?: number;
  targets?: string;
  prerequisites?: string[];
  lessons: FixtureLesson[];
}): Promise<string> {
  const root = opts.dir ?? (await mkdtemp(path.join(os.tmpdir(), 'sinau-content-')));
  const dir = path.join(root, 'courses', opts.slug);
  await mkdir(path.join(dir, 'lessons'), { recursive: true });
  await mkdir(path.join(dir, 'media'), { recursive: true });
  const lines = opts.lessons.map((l) => {
    const extra =
      l.kind === 'text'
        ? `        file: lessons/${l.key}.md\n`
        : l.kind === 'video'
          ? `        media: media/${l.key}.mp4\n`
          : l.kind === 'document'
            ? `        media: media/${l.key}.pdf\n`
            : `        url: https://jdih.surakarta.go.id\n`;
    return `      - key: ${l.key}\n        kind: ${l.kind}\n        title: ${l.title}\n${extra}        duration_minutes: ${l.minutes ?? 5}\n        required: ${l.required ?? true}\n`;
  });
  const yaml = [
    '---',
    `slug: ${opts.slug}`,
    `title: ${opts.title}`,
    'summary: Kursus uji untuk pengujian otomatis.',
    `jp: ${opts.jp ?? 2}`,
    'level: dasar',
    'competencies:',
    '  - { code: M.05, level: 2 }',
    opts.targets ?? '',
    `prerequisites: [${(opts.prerequisites ?? []).join(', ')}]`,
    `min_video_watch_pct: ${opts.minWatchPct ?? 0}`,
    'modules:',
    '  - key: satu',
    '    title: Modul Satu',
    '    lessons:',
    lines.join(''),
    '---',
    'Deskripsi **kursus** uji.',
    '',
  ].join('\n');
  await writeFile(path.join(dir, 'course.md'), yaml);
  for (const l of opts.lessons) {
    if (l.kind === 'text') await writeFile(path.join(dir, 'lessons', `${l.key}.md`), `# ${l.title}\n\nIsi pelajaran ${l.key}.\n`);
    if (l.kind === 'video') await writeFile(path.join(dir, 'media', `${l.key}.mp4`), Buffer.from(`not really a video ${l.key}`));
    if (l.kind === 'document') await writeFile(path.join(dir, 'media', `${l.key}.pdf`), Buffer.from(`%PDF-1.4\n% ${l.key}\n%%EOF\n`));
  }
  return root;
}
