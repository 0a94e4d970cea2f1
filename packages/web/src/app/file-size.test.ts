import { describe, expect, it } from 'vitest';
import { formatFileSize } from './file-size';

describe('formatFileSize', () => {
  it('picks a unit and formats the number the locale’s way', () => {
    expect(formatFileSize(1, 'en')).toBe('1 byte');
    expect(formatFileSize(27, 'en')).toBe('27 bytes');
    expect(formatFileSize(1536, 'en')).toBe('1.5 kB');
    expect(formatFileSize(100 * 1024 * 1024, 'en')).toBe('100 MB');
    expect(formatFileSize(1536, 'de')).toBe('1,5 kB');
    expect(formatFileSize(3.5 * 1024 * 1024, 'ru')).toBe('3,5 МБ');
    expect(formatFileSize(5 * 1024 ** 4, 'en')).toBe('5,120 GB');
  });
});
