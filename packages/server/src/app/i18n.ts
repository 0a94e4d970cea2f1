// Server-side translations for the text Parley writes itself (emails), in ICU message format so plurals
// and word order follow each language. The recipient's `locale` picks the catalog; English fills gaps.
import { IntlMessageFormat } from 'intl-messageformat';

type Catalog = Record<string, string>;

const en = {
  'email.footer': 'You are receiving this email because of your notification settings. You can change them in {siteName} under Settings › Notifications.',
  'notification.subject.direct': '[{siteName}] New Direct Message from {sender} on {date}',
  'notification.subject.group': '[{siteName}] New Group Message in {channel} on {date}',
  'notification.subject.channel': '[{siteName}] Notification in {team} on {date}',
  'notification.subject.batched': '[{siteName}] {count, plural, one {New Notification} other {New Notifications}} for {date}',
  'notification.title.direct': '{sender} sent you a new message',
  'notification.title.group': '{sender} sent you a new message in a group conversation',
  'notification.title.mention': '{sender} mentioned you in {channel}',
  'notification.title.thread': '{sender} replied to a thread you follow',
  'notification.title.batched': 'You have {count, plural, one {# new notification} other {# new notifications}}',
  'notification.post_line': '{sender} in {channel}, {time}',
  'notification.button': 'View message',
  'password_reset.subject': '[{siteName}] Reset your password',
  'password_reset.body': 'Someone asked to reset the password of the account {username} on {siteName}. To choose a new password, open the link below within the next hour. If this was not you, ignore this email.',
  'password_reset.button': 'Reset password',
  'verify_email.subject': '[{siteName}] Email Verification',
  'verify_email.body': 'Please confirm that {email} is your email address on {siteName} by opening the link below within the next hour.',
  'verify_email.button': 'Verify email',
  'reminder.dm': 'Reminder: the message from @{username} you asked about — {permalink}',
  'reminder.set': 'You will be reminded about {permalink} by @{username} at {time}.',
} satisfies Catalog;

const de: Record<MessageId, string> = {
  'email.footer': 'Sie erhalten diese E-Mail wegen Ihrer Benachrichtigungseinstellungen. Sie können diese in {siteName} unter Einstellungen › Benachrichtigungen ändern.',
  'notification.subject.direct': '[{siteName}] Neue Direktnachricht von {sender} am {date}',
  'notification.subject.group': '[{siteName}] Neue Gruppennachricht in {channel} am {date}',
  'notification.subject.channel': '[{siteName}] Benachrichtigung in {team} am {date}',
  'notification.subject.batched': '[{siteName}] {count, plural, one {Neue Benachrichtigung} other {Neue Benachrichtigungen}} vom {date}',
  'notification.title.direct': '{sender} hat Ihnen eine neue Nachricht geschickt',
  'notification.title.group': '{sender} hat Ihnen in einer Gruppenunterhaltung geschrieben',
  'notification.title.mention': '{sender} hat Sie in {channel} erwähnt',
  'notification.title.thread': '{sender} hat in einem Thread geantwortet, dem Sie folgen',
  'notification.title.batched': 'Sie haben {count, plural, one {# neue Benachrichtigung} other {# neue Benachrichtigungen}}',
  'notification.post_line': '{sender} in {channel}, {time}',
  'notification.button': 'Nachricht ansehen',
  'password_reset.subject': '[{siteName}] Passwort zurücksetzen',
  'password_reset.body': 'Jemand möchte das Passwort des Kontos {username} bei {siteName} zurücksetzen. Öffnen Sie innerhalb der nächsten Stunde den folgenden Link, um ein neues Passwort zu wählen. Falls Sie das nicht waren, ignorieren Sie diese E-Mail.',
  'password_reset.button': 'Passwort zurücksetzen',
  'verify_email.subject': '[{siteName}] E-Mail-Bestätigung',
  'verify_email.body': 'Bitte bestätigen Sie innerhalb der nächsten Stunde über den folgenden Link, dass {email} Ihre E-Mail-Adresse bei {siteName} ist.',
  'verify_email.button': 'E-Mail bestätigen',
  'reminder.dm': 'Erinnerung: die Nachricht von @{username}, an die Sie erinnert werden wollten — {permalink}',
  'reminder.set': 'Sie werden an {permalink} von @{username} erinnert: {time}.',
};

const fr: Record<MessageId, string> = {
  'email.footer': 'Vous recevez cet e-mail en raison de vos préférences de notification. Vous pouvez les modifier dans {siteName} sous Paramètres › Notifications.',
  'notification.subject.direct': '[{siteName}] Nouveau message direct de {sender} le {date}',
  'notification.subject.group': '[{siteName}] Nouveau message de groupe dans {channel} le {date}',
  'notification.subject.channel': '[{siteName}] Notification dans {team} le {date}',
  'notification.subject.batched': '[{siteName}] {count, plural, one {Nouvelle notification} other {Nouvelles notifications}} du {date}',
  'notification.title.direct': '{sender} vous a envoyé un nouveau message',
  'notification.title.group': '{sender} vous a écrit dans une conversation de groupe',
  'notification.title.mention': '{sender} vous a mentionné dans {channel}',
  'notification.title.thread': '{sender} a répondu dans un fil que vous suivez',
  'notification.title.batched': 'Vous avez {count, plural, one {# nouvelle notification} other {# nouvelles notifications}}',
  'notification.post_line': '{sender} dans {channel}, {time}',
  'notification.button': 'Voir le message',
  'password_reset.subject': '[{siteName}] Réinitialisez votre mot de passe',
  'password_reset.body': 'Quelqu’un a demandé la réinitialisation du mot de passe du compte {username} sur {siteName}. Ouvrez le lien ci-dessous dans l’heure pour choisir un nouveau mot de passe. Si ce n’était pas vous, ignorez cet e-mail.',
  'password_reset.button': 'Réinitialiser le mot de passe',
  'verify_email.subject': '[{siteName}] Vérification de l’adresse e-mail',
  'verify_email.body': 'Veuillez confirmer que {email} est votre adresse e-mail sur {siteName} en ouvrant le lien ci-dessous dans l’heure.',
  'verify_email.button': 'Vérifier l’adresse',
  'reminder.dm': 'Rappel : le message de @{username} dont vous vouliez vous souvenir — {permalink}',
  'reminder.set': 'Vous recevrez un rappel pour {permalink} de @{username} à {time}.',
};

export type MessageId = keyof typeof en;

const catalogs: Record<string, Partial<Record<MessageId, string>>> = { en, de, fr };

/** The catalog language for a user locale ("de", "de-AT" → "de"); unknown ones get English. */
export function languageOf(locale: string): string {
  const lang = locale.toLowerCase().split(/[-_]/)[0] ?? 'en';
  return lang in catalogs ? lang : 'en';
}

const compiled = new Map<string, IntlMessageFormat>();

export function translate(locale: string, id: MessageId, values: Record<string, string | number> = {}): string {
  const lang = languageOf(locale);
  const key = `${lang}\u0000${id}`;
  let format = compiled.get(key);
  if (!format) {
    format = new IntlMessageFormat(catalogs[lang]?.[id] ?? en[id], lang);
    compiled.set(key, format);
  }
  return String(format.format(values));
}

/** A date as the recipient reads it ("March 5, 2024", "5. März 2024"), in their time zone. */
export function formatDate(locale: string, timeZone: string, at: number): string {
  return dateTimeFormat(languageOf(locale), timeZone, { dateStyle: 'long' }).format(at);
}

/** A time of day as the recipient reads it, with the zone's short name. */
export function formatTime(locale: string, timeZone: string, at: number): string {
  return dateTimeFormat(languageOf(locale), timeZone, { timeStyle: 'short' }).format(at) + ` ${zoneName(locale, timeZone, at)}`;
}

function zoneName(locale: string, timeZone: string, at: number): string {
  const parts = dateTimeFormat(languageOf(locale), timeZone, { timeZoneName: 'short' }).formatToParts(at);
  return parts.find((p) => p.type === 'timeZoneName')?.value ?? timeZone;
}

function dateTimeFormat(lang: string, timeZone: string, opts: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  try {
    return new Intl.DateTimeFormat(lang, { ...opts, timeZone });
  } catch {
    // An unknown zone name in a user's settings must not stop their mail.
    return new Intl.DateTimeFormat(lang, { ...opts, timeZone: 'UTC' });
  }
}
