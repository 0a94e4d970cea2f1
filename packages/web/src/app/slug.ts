// URL names for teams and channels, derived from what people type as the display name.
export function toSlug(displayName: string, fallbackPrefix: string): string {
  const slug = displayName
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 50)
    .replace(/-+$/, '');
  // Names in other scripts (Cyrillic, CJK …) have no Latin form here; a short random name is still a valid URL.
  if (slug.length >= 2) return slug;
  return `${fallbackPrefix}-${Math.random().toString(36).slice(2, 10)}`;
}
