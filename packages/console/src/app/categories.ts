// The record categories (GET /v1/categories), read once a page load: their names in both
// languages, polarity, who may source them, about whom, how long they count, their detail fields.
import { useI18n, type Lang } from '../i18n/i18n.js';
import { useAsync, type Async } from '../ui/use-async.js';
import { client } from './node-client.js';

export interface CategoryInfo {
  readonly code: string;
  readonly name: string;
  readonly nameZh: string;
  readonly polarity: 'negative' | 'positive';
  readonly subjects: readonly ('enterprise' | 'person')[];
  readonly sources: readonly string[];
  /** Who reviews it before publication: a reviewer of the source, or a regulator only. */
  readonly review: 'source' | 'regulator';
  readonly retention: { readonly kind: 'after-end'; readonly years: number } | { readonly kind: 'publicity'; readonly minDays: number; readonly maxDays: number };
  readonly public: boolean;
  readonly sensitive: boolean;
  /** Detail fields of its own, besides the common ones. */
  readonly fields: readonly string[];
}

let loaded: Promise<readonly CategoryInfo[]> | undefined;

export function loadCategories(): Promise<readonly CategoryInfo[]> {
  if (loaded === undefined) {
    const p = client.categories().then((r) => r.categories as unknown as CategoryInfo[]);
    p.catch(() => {
      if (loaded === p) loaded = undefined; // a failed read is tried again next time
    });
    loaded = p;
  }
  return loaded;
}

export function useCategories(): Async<readonly CategoryInfo[]> {
  return useAsync(loadCategories, []);
}

/** A category's name in the page's language, or its code when the category is unknown. */
export function categoryName(categories: readonly CategoryInfo[] | undefined, code: string, lang: Lang): string {
  const c = categories?.find((x) => x.code === code);
  if (c === undefined) return code;
  return lang === 'zh' ? c.nameZh : c.name;
}

/** categoryName for the page's language, with the categories loaded. */
export function useCategoryName(): (code: string) => string {
  const { lang } = useI18n();
  const categories = useCategories();
  const list = categories.state === 'done' ? categories.value : undefined;
  return (code) => categoryName(list, code, lang);
}
