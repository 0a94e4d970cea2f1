// A multipart form that carries one small file (an emoji image, a profile picture) and text fields, read
// into memory under a size limit. Uploads of any size stream instead (api4/files.ts).
import type { FastifyRequest } from 'fastify';
import { AppError } from '../platform/errors.js';
import { collect } from '../platform/files/index.js';

export interface OneFileForm {
  /** The file part's field name; other file parts are drained unread. */
  field: string;
  maxBytes: number;
  tooLarge: () => AppError;
  /** A form the parser cannot read. */
  unreadable: (detail: string) => AppError;
  /** Each text field, in order; may throw an AppError to refuse the request. */
  onField?: (name: string, value: string) => void;
}

/** The file's bytes, or undefined when the form has none under `field`. */
export async function readOneFile(req: FastifyRequest, o: OneFileForm): Promise<Buffer | undefined> {
  let data: Buffer | undefined;
  try {
    for await (const part of req.parts({ limits: { fileSize: o.maxBytes, files: 1 } })) {
      if (part.type === 'field') {
        o.onField?.(part.fieldname, typeof part.value === 'string' ? part.value : '');
      } else if (part.fieldname === o.field && !data) {
        data = await collect(part.file);
        if (part.file.truncated) throw o.tooLarge();
      } else {
        part.file.resume();
      }
    }
  } catch (err) {
    if (err instanceof AppError) throw err;
    if ((err as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') throw o.tooLarge();
    throw o.unreadable((err as Error).message);
  }
  return data;
}
