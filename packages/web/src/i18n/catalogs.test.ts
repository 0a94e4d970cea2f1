import { describe, expect, it } from 'vitest';
import { IntlMessageFormat } from 'intl-messageformat';
import { parse, TYPE, type MessageFormatElement } from '@formatjs/icu-messageformat-parser';
import en from './en.json';
import de from './de.json';
import ru from './ru.json';
import pl from './pl.json';
import ar from './ar.json';
import { LOCALES, localeDirection, pickLocale } from './locales';

const catalogs: Record<string, Record<string, string>> = { en, de, ru, pl, ar };

/** The argument names a message uses, so a translation cannot drop or rename one. */
function argumentsOf(elements: MessageFormatElement[], out = new Set<string>()): Set<string> {
  for (const el of elements) {
    if (el.type === TYPE.argument || el.type === TYPE.number || el.type === TYPE.date || el.type === TYPE.time) out.add(el.value);
    if (el.type === TYPE.plural || el.type === TYPE.select) {
      out.add(el.value);
      for (const option of Object.values(el.options)) argumentsOf(option.value, out);
    }
    if (el.type === TYPE.tag) argumentsOf(el.children, out);
  }
  return out;
}

const format = (locale: string, id: string, values: Record<string, string | number>) => new IntlMessageFormat(catalogs[locale]![id]!, locale).format(values);

describe('message catalogs', () => {
  it('have exactly the English keys in every locale', () => {
    const keys = Object.keys(en).sort();
    for (const [locale, messages] of Object.entries(catalogs)) {
      expect(Object.keys(messages).sort(), locale).toEqual(keys);
      for (const [key, value] of Object.entries(messages)) expect(value.trim(), `${locale}:${key}`).not.toBe('');
    }
  });

  it('parse as ICU and use the same arguments as English', () => {
    for (const [locale, messages] of Object.entries(catalogs)) {
      for (const [key, value] of Object.entries(messages)) {
        const args = argumentsOf(parse(value));
        const expected = argumentsOf(parse(en[key as keyof typeof en]));
        // A translation may drop `gender` (English needs none) but must not invent or lose others.
        for (const a of args) expect(expected.has(a) || a === 'gender', `${locale}:${key} uses unknown {${a}}`).toBe(true);
        for (const a of expected) if (a !== 'gender') expect(args.has(a), `${locale}:${key} lost {${a}}`).toBe(true);
      }
    }
  });

  it('use Russian plural forms for 1, 2, 5 and 21', () => {
    const replies = [1, 2, 5, 21].map((count) => format('ru', 'post.replies', { count }));
    expect(replies).toEqual(['1 ответ', '2 ответа', '5 ответов', '21 ответ']);
    const members = [1, 2, 5, 21].map((count) => format('ru', 'channel.members', { count }));
    expect(members).toEqual(['1 участник', '2 участника', '5 участников', '21 участник']);
    const mentions = [1, 2, 5, 21].map((count) => format('ru', 'sidebar.channelWithMentions', { name: 'general', count }));
    expect(mentions).toEqual(['general, 1 упоминание', 'general, 2 упоминания', 'general, 5 упоминаний', 'general, 21 упоминание']);
    expect(format('ru', 'post.replies', { count: 0 })).toBe('Ответов пока нет');
  });

  it('use English and German plural forms', () => {
    expect([1, 2, 5, 21].map((count) => format('en', 'post.replies', { count }))).toEqual(['1 reply', '2 replies', '5 replies', '21 replies']);
    expect([1, 2].map((count) => format('de', 'channel.members', { count }))).toEqual(['1 Mitglied', '2 Mitglieder']);
  });

  it('use Polish plural forms: one, few, many', () => {
    expect([1, 2, 4, 5, 12, 22, 25].map((count) => format('pl', 'post.replies', { count }))).toEqual(['1 odpowiedź', '2 odpowiedzi', '4 odpowiedzi', '5 odpowiedzi', '12 odpowiedzi', '22 odpowiedzi', '25 odpowiedzi']);
    expect([1, 2, 5, 22, 25].map((count) => format('pl', 'sidebar.channelWithMentions', { name: 'ogólny', count }))).toEqual([
      'ogólny, 1 wzmianka',
      'ogólny, 2 wzmianki',
      'ogólny, 5 wzmianek',
      'ogólny, 22 wzmianki',
      'ogólny, 25 wzmianek',
    ]);
    expect([1, 3, 7].map((count) => format('pl', 'browse.count', { count }))).toEqual(['1 kanał', '3 kanały', '7 kanałów']);
    expect(format('pl', 'post.replies', { count: 0 })).toBe('Brak odpowiedzi');
  });

  it('use all six Arabic plural forms: zero, one, two, few, many, other', () => {
    // (CLDR writes Arabic numbers with Western digits by default.)
    const members = [0, 1, 2, 3, 11, 100].map((count) => format('ar', 'channel.members', { count }));
    expect(members).toEqual(['لا أعضاء', 'عضو واحد', 'عضوان', '3 أعضاء', '11 عضوًا', '100 عضو']);
    const replies = [0, 1, 2, 10, 99, 101].map((count) => format('ar', 'post.replies', { count }));
    expect(replies).toEqual(['لا ردود بعد', 'رد واحد', 'ردّان', '10 ردود', '99 ردًا', '101 رد']);
    // Every plural in the Arabic catalog spells out each form, so no count falls back to a wrong one.
    for (const [key, value] of Object.entries(ar)) {
      for (const el of parse(value)) {
        if (el.type !== TYPE.plural) continue;
        expect(Object.keys(el.options).sort(), `ar:${key}`).toEqual(['few', 'many', 'one', 'other', 'two', 'zero']);
      }
    }
  });

  it('give every Polish plural its one, few and many forms', () => {
    for (const [key, value] of Object.entries(pl)) {
      for (const el of parse(value)) {
        if (el.type !== TYPE.plural) continue;
        for (const form of ['one', 'few', 'many', 'other']) expect(Object.keys(el.options), `pl:${key}`).toContain(form);
      }
    }
  });

  it('choose the Polish and Arabic verb by gender', () => {
    expect(format('pl', 'system.joinChannel', { name: 'ania', gender: 'female' })).toBe('ania dołączyła do kanału.');
    expect(format('pl', 'system.joinChannel', { name: 'jan', gender: 'male' })).toBe('jan dołączył do kanału.');
    expect(format('ar', 'system.joinChannel', { name: 'سارة', gender: 'female' })).toBe('انضمت سارة إلى القناة.');
  });

  it('choose the Russian verb by gender', () => {
    expect(format('ru', 'system.joinChannel', { name: 'anna', gender: 'female' })).toBe('anna присоединилась к каналу.');
    expect(format('ru', 'system.joinChannel', { name: 'ivan', gender: 'male' })).toBe('ivan присоединился к каналу.');
    expect(format('ru', 'system.joinChannel', { name: 'sam', gender: 'other' })).toBe('sam присоединился(-ась) к каналу.');
    expect(format('en', 'system.joinChannel', { name: 'anna', gender: 'female' })).toBe('anna joined the channel.');
  });
});

describe('pickLocale', () => {
  it('takes the first supported language, by its base tag', () => {
    expect(pickLocale(['fr-FR', 'de-AT', 'en'])).toBe('de');
    expect(pickLocale(['ru'])).toBe('ru');
    expect(pickLocale(['pl-PL'])).toBe('pl');
    expect(pickLocale(['ar-EG'])).toBe('ar');
    expect(pickLocale(['pt-BR', undefined, ''])).toBe('en');
  });

  it('writes Arabic right to left and the others left to right', () => {
    expect(LOCALES.filter((l) => localeDirection(l) === 'rtl')).toEqual(['ar']);
  });
});
