// Outgoing mail. app/ depends on the Mailer interface; the SMTP implementation is nodemailer over the
// configured URL (smtp://user:pass@host:port, smtps://… for TLS from the first byte).
import { createTransport } from 'nodemailer';

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  html: string;
  /** Extra headers, e.g. Message-ID / In-Reply-To so a thread's notifications group in mail clients. */
  headers?: Record<string, string>;
}

export interface Mailer {
  send(message: MailMessage): Promise<void>;
  close(): void;
}

export function smtpMailer(url: string, from: string): Mailer {
  const transport = createTransport(url);
  return {
    async send(m) {
      await transport.sendMail({ from, to: m.to, subject: m.subject, text: m.text, html: m.html, headers: m.headers });
    },
    close() {
      transport.close();
    },
  };
}
