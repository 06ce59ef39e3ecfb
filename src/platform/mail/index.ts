/**
 * Outgoing mail written by Mamori itself (reminders), sent through the municipality's relay named by MAMORI_SMTP_URL
 * (config.smtpUrl) from MAMORI_MAIL_FROM. Plain text in UTF-8 only: no HTML, no tracking, no attachments.
 *
 * Callers decide what a failure means: `isPermanentMailFailure` tells a refusal by the relay (5xx: retrying will not
 * help) from a connection problem (worth retrying later).
 */
import type { Transporter } from 'nodemailer';
import type { Config } from '../config.ts';

export interface MailMessage {
  to: string;
  subject: string;
  /** Plain text; line breaks as \n. */
  text: string;
}

export interface SentMail {
  messageId: string;
  /** The relay's last reply, e.g. "250 OK: queued as 1234". */
  response: string;
}

export interface Mailer {
  /** The relay as host:port, for log lines (never the credentials the URL may carry). */
  readonly relay: string;
  send(message: MailMessage): Promise<SentMail>;
  close(): void;
}

export interface MailerOptions {
  /** Seconds to wait for the relay to accept the connection and greet (default 15). */
  connectTimeoutSeconds?: number;
}

/** The relay host and port of an smtp(s):// URL, without user or password. */
export function relayOf(smtpUrl: string): string {
  const url = new URL(smtpUrl);
  const port = url.port || (url.protocol === 'smtps:' ? '465' : '587');
  return `${url.hostname}:${port}`;
}

/**
 * A mailer for the configured relay, or null when mail is off (no MAMORI_SMTP_URL). One SMTP connection per
 * message: reminders go out a few at a time, and a pooled connection would outlive a relay restart.
 */
export function createMailer(config: Pick<Config, 'smtpUrl' | 'mailFrom'>, options: MailerOptions = {}): Mailer | null {
  if (!config.smtpUrl) return null;
  if (!config.mailFrom) throw new Error('MAMORI_MAIL_FROM is required when MAMORI_SMTP_URL is set');
  const from = config.mailFrom;
  const url = config.smtpUrl;
  const timeout = (options.connectTimeoutSeconds ?? 15) * 1000;
  // Settings in the URL's query (?requireTLS=true, ?tls.servername=…) win over these.
  // nodemailer is loaded on the first send, so a server that never mails does not carry it.
  let transport: Transporter | undefined;
  const transportNow = async () => {
    if (!transport) {
      const { default: nodemailer } = await import('nodemailer');
      transport = nodemailer.createTransport({
        url,
        name: 'mamori',
        connectionTimeout: timeout,
        greetingTimeout: timeout,
        socketTimeout: 60_000,
      });
    }
    return transport;
  };
  return {
    relay: relayOf(url),
    async send(message) {
      const info = await (await transportNow()).sendMail({
        from,
        to: message.to,
        subject: message.subject,
        text: message.text,
        textEncoding: 'base64',
        headers: {
          // RFC 3834, and Exchange's own header: no out-of-office replies to a machine.
          'Auto-Submitted': 'auto-generated',
          'X-Auto-Response-Suppress': 'All',
        },
      });
      return { messageId: String(info.messageId ?? ''), response: String(info.response ?? '') };
    },
    close() {
      transport?.close();
    },
  };
}

/** The SMTP reply code carried by a nodemailer error, if any. */
export function smtpResponseCode(error: unknown): number | undefined {
  const code = (error as { responseCode?: unknown } | null)?.responseCode;
  return typeof code === 'number' ? code : undefined;
}

/** True when the relay refused the message for good (5xx); connection errors and 4xx are worth retrying. */
export function isPermanentMailFailure(error: unknown): boolean {
  const code = smtpResponseCode(error);
  return code !== undefined && code >= 500 && code < 600;
}

/** A one-line description of a send failure for logs and the audit trail (the relay URL is not in it). */
export function describeMailFailure(error: unknown): string {
  const code = smtpResponseCode(error);
  const errno = (error as { code?: unknown } | null)?.code;
  const message = error instanceof Error ? error.message : String(error);
  const parts = [typeof errno === 'string' ? errno : null, code ? String(code) : null].filter(Boolean);
  return `${parts.length ? `${parts.join(' ')}: ` : ''}${message}`.slice(0, 500);
}
