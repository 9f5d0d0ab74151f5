import { ApiError } from './api/http.ts';
import { formatDuration, t } from './i18n.ts';

// The server words these messages for people, in the reader's language; use them when present.
function serverMessage(error: ApiError, fallback: string): string {
  return error.message.trim() || fallback;
}

/** Plain-language text for anything a request can throw. */
export function describeError(error: unknown): string {
  if (!(error instanceof ApiError)) return t('errors.unexpected');
  switch (error.code) {
    case 'network_error':
      return t('errors.network');
    case 'unauthenticated':
      return t('errors.sessionEnded');
    case 'invalid_credentials':
      return t('errors.invalidCredentials');
    case 'forbidden':
      return t('errors.forbidden');
    case 'partner_forbidden':
      return serverMessage(error, t('errors.forbidden'));
    case 'csrf_failed':
      return t('errors.csrf');
    case 'not_found':
      return t('errors.notFound');
    case 'too_many_attempts':
      return t('errors.tooManyAttempts', { wait: formatDuration(error.retryAfterSeconds ?? 60) });
    case 'conflict':
      return serverMessage(error, t('errors.conflict'));
    case 'validation_failed':
    case 'wrong_password':
    case 'import_has_errors':
      return serverMessage(error, t('errors.validation'));
    case 'payload_too_large':
      return t('errors.tooLarge');
    case 'quota_exceeded':
    case 'unsupported_media_type':
    case 'not_enrolled':
    case 'not_watched_enough':
    case 'prerequisites_not_met':
    case 'not_published':
    case 'lesson_retired':
    case 'in_review':
    case 'managed_by_files':
    case 'no_draft':
    case 'not_in_review':
    case 'stale_seq':
    case 'deadline_passed':
    case 'attempt_submitted':
    case 'quiz_not_passed':
    case 'not_assigned':
    case 'quiz_not_open':
    case 'quiz_closed':
    case 'no_attempts_left':
    case 'quiz_empty':
    case 'no_active_agreement':
    case 'placement_full':
    case 'step_locked':
      return serverMessage(error, t('errors.conflict'));
    case 'server_error':
      return t('errors.server');
  }
}
