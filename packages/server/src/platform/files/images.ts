// Image facts and derived JPEGs for uploads (Mattermost's thumbnail 120×100 and preview 1920×1080, both
// JPEG whatever the original). sharp decodes; anything it cannot read is treated as a plain file.
import sharp from 'sharp';

/** Extensions sharp is asked to decode; others are never parsed as images. */
const DECODABLE = new Set(['jpg', 'jpeg', 'png', 'gif', 'webp', 'tiff', 'tif']);
/** Decompression-bomb guard: Mattermost's MaxImageResolution default (7680×4320 ≈ 33 Mpx). */
const MAX_PIXELS = 7680 * 4320;

export interface ImageDerivatives {
  width: number;
  height: number;
  thumbnail: Buffer;
  preview: Buffer;
  /** Mattermost's MiniPreview: a 16×16 JPEG clients blur while the thumbnail loads (base64 on the wire). */
  miniPreview: Buffer;
}

export function isDecodableImage(extension: string): boolean {
  return DECODABLE.has(extension);
}

export async function deriveImages(data: Buffer): Promise<ImageDerivatives | undefined> {
  try {
    const image = sharp(data, { limitInputPixels: MAX_PIXELS, animated: false });
    const meta = await image.metadata();
    if (!meta.width || !meta.height) return undefined;
    // EXIF orientation 5–8 swaps the sides as the user sees them.
    const swapped = (meta.orientation ?? 1) >= 5;
    const jpeg = (w: number, h: number, fit: 'inside' | 'fill' = 'inside', quality = 85) =>
      sharp(data, { limitInputPixels: MAX_PIXELS, animated: false })
        .rotate()
        .resize(w, h, { fit, withoutEnlargement: fit === 'inside' })
        .flatten({ background: '#ffffff' })
        .jpeg({ quality })
        .toBuffer();
    const [thumbnail, preview, miniPreview] = await Promise.all([jpeg(120, 100), jpeg(1920, 1080), jpeg(16, 16, 'fill', 50)]);
    return { width: swapped ? meta.height : meta.width, height: swapped ? meta.width : meta.height, thumbnail, preview, miniPreview };
  } catch {
    return undefined;
  }
}


/** Mattermost's MaxEmojiWidth/Height. */
const EMOJI_SIDE = 128;

/**
 * An emoji image as stored: GIFs (animation kept) when already small enough, everything else PNG within
 * 128×128. undefined when the data is not an image sharp can decode.
 */
export async function fitEmoji(data: Buffer): Promise<{ data: Buffer; type: 'image/png' | 'image/gif' } | undefined> {
  try {
    const meta = await sharp(data, { limitInputPixels: MAX_PIXELS }).metadata();
    if (!meta.width || !meta.height) return undefined;
    const height = meta.pageHeight ?? meta.height;
    if (meta.format === 'gif' && meta.width <= EMOJI_SIDE && height <= EMOJI_SIDE) return { data, type: 'image/gif' };
    const png = await sharp(data, { limitInputPixels: MAX_PIXELS }).resize(EMOJI_SIDE, EMOJI_SIDE, { fit: 'inside', withoutEnlargement: true }).png().toBuffer();
    return { data: png, type: 'image/png' };
  } catch {
    return undefined;
  }
}

/** The stored emoji's type, from its first bytes. */
export function emojiImageType(data: Buffer): 'image/png' | 'image/gif' {
  return data.subarray(0, 4).toString('latin1') === 'GIF8' ? 'image/gif' : 'image/png';
}

/** Mattermost's profile picture size: the uploaded image, cropped to a square and scaled to fit it. */
const PROFILE_SIDE = 128;

/** A profile picture as stored (PNG, 128×128, EXIF rotation applied); undefined when not decodable. */
export async function profileImagePng(data: Buffer): Promise<Buffer | undefined> {
  try {
    return await sharp(data, { limitInputPixels: MAX_PIXELS, animated: false }).rotate().resize(PROFILE_SIDE, PROFILE_SIDE, { fit: 'cover' }).png().toBuffer();
  } catch {
    return undefined;
  }
}
