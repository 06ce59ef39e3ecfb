/**
 * Words for what the gateway logs in short codes: detected file types (MIME), the policy rule that decided a part,
 * and what was found inside a file. Unknown codes are shown as logged.
 */
import { useTranslation } from 'react-i18next';

/** MIME type (as sniffed, `type;detail`) → key of `sanitizer.fileTypes`, with a format for archives and images. */
function fileTypeKey(sniffed: string): { key: string; format?: string } | null {
  const [mime, detail] = sniffed.split(';');
  const exact: Record<string, string> = {
    'application/x-msdownload': 'exe-windows',
    'application/x-executable': 'exe-other',
    'application/x-mach-binary': 'exe-other',
    'application/java-archive': 'exe-java',
    'application/x-ms-shortcut': 'shortcut',
    'application/wasm': 'wasm',
    'application/appx': 'appx',
    'text/x-shellscript': 'script',
    'application/x-iso9660-image': 'disk-image',
    'application/zip': 'zip',
    'application/pdf': 'pdf',
    'image/svg+xml': 'svg',
    'application/rtf': 'rtf',
    'application/ms-tnef': 'tnef',
    'application/vnd.ms-outlook': 'outlook-msg',
    'application/x-cfb': 'cfb',
    'application/vnd.openxmlformats-officedocument': 'ooxml',
    'text/html': 'html',
    'application/xml': 'xml',
    'text/calendar': 'calendar',
    'text/plain': detail === 'script-like' ? 'script' : 'text',
    'application/octet-stream': 'unknown',
    'application/x-empty': 'empty',
    'message/rfc822': 'message',
    'message/global': 'message',
  };
  const archives: Record<string, string> = {
    'application/x-7z-compressed': '7-Zip',
    'application/vnd.rar': 'RAR',
    'application/x-lzh-compressed': 'LZH',
    'application/gzip': 'gzip',
    'application/x-bzip2': 'bzip2',
    'application/x-xz': 'xz',
    'application/vnd.ms-cab-compressed': 'CAB',
  };
  if (exact[mime]) return { key: exact[mime] };
  if (archives[mime]) return { key: 'archive', format: archives[mime] };
  if (mime.startsWith('application/vnd.openxmlformats-officedocument')) return { key: 'ooxml' };
  if (mime.startsWith('application/vnd.oasis.opendocument.')) return { key: 'odf' };
  if (mime.startsWith('image/')) return { key: 'image', format: mime.slice(6).toUpperCase() };
  return null;
}

export function useSanitizerWords() {
  const { t } = useTranslation();
  return {
    /** 実行ファイル（Windows） for application/x-msdownload; the MIME type itself when it has no name. */
    fileType: (sniffed: string) => {
      const k = fileTypeKey(sniffed);
      return k ? t(`sanitizer.fileTypes.${k.key}`, { format: k.format ?? '' }) : sniffed.split(';')[0];
    },
    /** The rule id of the policy (`name.extension`, `types.executable`) in words. */
    rule: (rule: string) => {
      const key = rule.replace(/\./g, '_');
      const named = t(`sanitizer.rules.${key}`, { defaultValue: '' });
      if (named) return named;
      if (rule.startsWith('types.')) {
        const kind = rule.slice(6);
        const name = t(`sanitizer.ruleKinds.${kind}`, {
          defaultValue: t(`sanitizer.policy.typeNames.${kind}`, { defaultValue: kind }),
        });
        return t('sanitizer.rules.types', { kind: name });
      }
      return rule;
    },
    detection: (object: string) => t(`sanitizer.detections.${object}`, { defaultValue: object }),
  };
}
