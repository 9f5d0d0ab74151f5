import { Type, type Static } from '@sinclair/typebox';
import { Nullable } from '../org/schemas.ts';


export const MediaKindSchema = Type.Union([Type.Literal('video'), Type.Literal('document'), Type.Literal('image'), Type.Literal('audio'), Type.Literal('other')]);
export const MediaStatusSchema = Type.Union([Type.Literal('processing'), Type.Literal('ready'), Type.Literal('failed')], {
  description: "Videos stay 'processing' until their streaming renditions exist; everything else is 'ready' at once",
});

export const MediaIdParam = Type.Object({ id: Type.String({ format: 'uuid' }) });

/** An uploaded file, as the authoring UI sees it. */
export const Media = Type.Object({
  id: Type.String({ format: 'uuid' }),
  kind: MediaKindSchema,
  /** Detected from the content, never taken from the file name or the browser. */
  mime: Type.String(),
  sizeBytes: Type.Integer(),
  originalName: Type.String(),
  status: MediaStatusSchema,
  progress: Type.Integer({ minimum: 0, maximum: 100 }),
  courseId: Nullable(Type.Integer()),
  createdAt: Type.String({ format: 'date-time' }),
  /** Where the original file is served, behind the same authorisation. */
  url: Type.String(),
});
export type MediaT = Static<typeof Media>;

export const MediaStatus = Type.Object({
  id: Type.String({ format: 'uuid' }),
  status: MediaStatusSchema,
  progress: Type.Integer({ minimum: 0, maximum: 100 }),
  error: Nullable(Type.String()),
});

/** For the OpenAPI document only: the handler reads the parts as a stream. */
export const MediaUploadDoc = {
  description:
    'multipart/form-data with an optional `courseId` field (it must come before the file) and one `file`. ' +
    'The type is detected from the content: video (MP4, WebM, MOV), audio (MP3, M4A, OGG), PDF, images (PNG, JPEG, WebP, GIF).',
} as const;

/** The file's bytes: the whole (200) or the requested range (206). */
export const FileBody = {
  description: "The file, or the requested bytes of it, with the media's own Content-Type",
  content: { 'application/octet-stream': { schema: { type: 'string', format: 'binary' } } },
} as const;
export const NotModified = { description: 'Not modified: the copy the client has is current', type: 'null' } as const;
