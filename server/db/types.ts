import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';

/** The schema as the migrations leave it; one interface for the whole database. */
export type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
export type Json = ColumnType<unknown, string, string>;
/** bigint identity columns come back from pg as strings unless parsed; the db plugin parses int8 as number. */
type Id = Generated<number>;

export type UnitKind = 'sekretariat' | 'dinas' | 'badan' | 'inspektorat' | 'kecamatan' | 'kelurahan' | 'sekolah' | 'lainnya';
export const UNIT_KINDS: readonly UnitKind[] = ['sekretariat', 'dinas', 'badan', 'inspektorat', 'kecamatan', 'kelurahan', 'sekolah', 'lainnya'];
export type Tier = 'JPT' | 'Administrator' | 'Pengawas' | 'Pelaksana' | 'Fungsional';
export const TIERS: readonly Tier[] = ['JPT', 'Administrator', 'Pengawas', 'Pelaksana', 'Fungsional'];
export type Role = 'learner' | 'trainer' | 'supervisor' | 'admin' | 'partner';
export const ROLES: readonly Role[] = ['learner', 'trainer', 'supervisor', 'admin', 'partner'];
export type Locale = 'id' | 'en';

export interface UnitsTable {
  id: Id;
  code: string;
  name: string;
  kind: UnitKind;
  parent_id: number | null;
  active: Generated<boolean>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface PositionsTable {
  id: Id;
  unit_id: number;
  name: string;
  tier: Tier;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface PeopleTable {
  id: Id;
  nip: string | null;
  username: string | null;
  email: string | null;
  name: string;
  unit_id: number | null;
  position_id: number | null;
  supervisor_id: number | null;
  password_hash: string | null;
  must_change_password: Generated<boolean>;
  locale: Generated<Locale>;
  active: Generated<boolean>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface PersonRolesTable {
  id: Id;
  person_id: number;
  role: Role;
  scope_unit_id: number | null;
  created_at: Timestamp;
}

export interface SessionsTable {
  token_hash: string;
  person_id: number;
  csrf_token: string;
  created_at: Timestamp;
  last_seen_at: Timestamp;
  expires_at: Timestamp;
  ip: string | null;
  user_agent: string | null;
}

export interface LoginFailuresTable {
  id: Id;
  account: string;
  ip: string;
  at: Timestamp;
}

export interface AuditEventsTable {
  id: Id;
  actor_id: number | null;
  action: string;
  subject: string | null;
  details: ColumnType<unknown, string | undefined, string>;
  at: Timestamp;
}

export interface SeededContentTable {
  kind: string;
  key: string;
  at: Timestamp;
}

export type MediaKind = 'video' | 'document' | 'image' | 'audio' | 'other';
export type MediaStatus = 'processing' | 'ready' | 'failed';
export interface MediaTable {
  id: Generated<string>;
  owner_id: number | null;
  course_id: number | null;
  kind: MediaKind;
  mime: string;
  size_bytes: number;
  sha256: string;
  original_name: string;
  storage_key: string;
  status: Generated<MediaStatus>;
  progress: Generated<number>;
  error: string | null;
  hls_prefix: string | null;
  /** [{ name: '360p', height: 360, bandwidth: 800000, playlist: '360p/index.m3u8' }, …] */
  renditions: ColumnType<unknown, string | undefined, string>;
  duration_seconds: number | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export type CourseStatus = 'draft' | 'review' | 'published' | 'archived';
export type CourseLevel = 'dasar' | 'menengah' | 'lanjut';
export type LessonKind = 'text' | 'video' | 'document' | 'link' | 'quiz';
export interface CoursesTable {
  id: Id;
  slug: string;
  title: string;
  summary: Generated<string>;
  description_md: Generated<string>;
  cover_media_id: string | null;
  language: Generated<Locale>;
  jp: Generated<number>;
  level: Generated<CourseLevel>;
  status: Generated<CourseStatus>;
  owner_id: number | null;
  version: Generated<number>;
  source: Generated<'file' | 'app'>;
  content_hash: string | null;
  draft: ColumnType<unknown, string | null | undefined, string | null>;
  draft_state: 'editing' | 'review' | null;
  draft_updated_at: Date | null;
  review_note: string | null;
  min_video_watch_pct: Generated<number>;
  storage_quota_bytes: Generated<number>;
  search: ColumnType<unknown, never, never>;
  published_at: Date | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}
export interface CourseTargetsTable {
  id: Id;
  course_id: number;
  unit_id: number | null;
  position_id: number | null;
  tier: Tier | null;
}
export interface CourseCompetenciesTable {
  course_id: number;
  competency_code: string;
  level: number;
}
export interface CoursePrerequisitesTable {
  course_id: number;
  requires_id: number;
}
export interface CourseModulesTable {
  id: Id;
  course_id: number;
  key: string;
  position: number;
  title: string;
  retired_at: Date | null;
}
export interface LessonsTable {
  id: Id;
  course_id: number;
  module_id: number;
  key: string;
  position: number;
  kind: LessonKind;
  title: string;
  body_md: Generated<string>;
  media_id: string | null;
  url: string | null;
  quiz_id: number | null;
  required: Generated<boolean>;
  duration_minutes: number | null;
  min_watch_pct: number | null;
  retired_at: Date | null;
}
export interface CourseAssignmentsTable {
  id: Id;
  course_id: number;
  unit_id: number | null;
  position_id: number | null;
  person_ids: number[] | null;
  due_at: Date | null;
  assigned_by: number | null;
  created_at: Timestamp;
}
export interface EnrollmentsTable {
  id: Id;
  person_id: number;
  course_id: number;
  source: 'self' | 'assigned';
  assignment_id: number | null;
  due_at: Date | null;
  enrolled_at: Timestamp;
  last_lesson_id: number | null;
  last_activity_at: Date | null;
  completed_at: Date | null;
  completed_version: number | null;
  jp_awarded: number | null;
}
export interface LessonProgressTable {
  person_id: number;
  lesson_id: number;
  started_at: Timestamp;
  updated_at: Timestamp;
  completed_at: Date | null;
  position_seconds: Generated<number>;
  watched_seconds: Generated<number>;
  watched_ranges: ColumnType<[number, number][], string | undefined, string>;
  read_pct: Generated<number>;
}

export type ReviewWhen = 'immediately' | 'after_close' | 'never';
export interface ReviewOptions {
  score: ReviewWhen;
  answers: ReviewWhen;
  feedback: ReviewWhen;
}
export interface QuestionBanksTable {
  id: Id;
  slug: string;
  name: string;
  course_id: number | null;
  unit_id: number | null;
  owner_id: number | null;
  source: Generated<'app' | 'file'>;
  content_hash: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}
export interface QuestionCategoriesTable {
  id: Id;
  bank_id: number;
  key: string;
  name: string;
  position: Generated<number>;
}
export interface QuestionsTable {
  id: Id;
  bank_id: number;
  category_id: number;
  key: string;
  current_version: Generated<number>;
  retired_at: Date | null;
  created_by: number | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}
export interface QuestionVersionsTable {
  id: Id;
  question_id: number;
  version: number;
  type: string;
  doc: Json;
  points: number;
  competency_code: string | null;
  competency_level: number | null;
  tags: Generated<string[]>;
  created_by: number | null;
  created_at: Timestamp;
}
export interface QuizzesTable {
  id: Id;
  slug: string;
  title: string;
  description_md: Generated<string>;
  course_id: number | null;
  owner_id: number | null;
  status: Generated<'draft' | 'published' | 'archived'>;
  time_limit_minutes: number | null;
  opens_at: Date | null;
  closes_at: Date | null;
  attempts_allowed: number | null;
  grading: Generated<'highest' | 'last' | 'average'>;
  pass_pct: Generated<number>;
  shuffle_questions: Generated<boolean>;
  shuffle_choices: Generated<boolean>;
  per_page: Generated<number>;
  review: ColumnType<ReviewOptions, string | undefined, string>;
  version: Generated<number>;
  source: Generated<'app' | 'file'>;
  content_hash: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}
export interface QuizItemsTable {
  id: Id;
  quiz_id: number;
  position: number;
  question_id: number | null;
  category_id: number | null;
  draw_count: number | null;
  competency_code: string | null;
}
export interface QuizExtraTimeTable {
  id: Id;
  quiz_id: number;
  person_id: number | null;
  unit_id: number | null;
  extra_minutes: number;
}
export interface QuizAssignmentsTable {
  id: Id;
  quiz_id: number;
  unit_id: number | null;
  position_id: number | null;
  due_at: Date | null;
  assigned_by: number | null;
  created_at: Timestamp;
}
export interface QuizAttemptsTable {
  id: Id;
  quiz_id: number;
  person_id: number;
  number: number;
  state: Generated<'in_progress' | 'submitted'>;
  started_at: Timestamp;
  deadline: Date | null;
  submitted_at: Date | null;
  submitted_by: 'learner' | 'deadline' | 'sweep' | null;
  score: number | null;
  max_score: number | null;
  pct: number | null;
  passed: boolean | null;
  needs_grading: Generated<boolean>;
  competency_scores: ColumnType<{ code: string; level: number | null; score: number; max: number; pct: number }[], string | undefined, string>;
}
export interface AttemptQuestionsTable {
  attempt_id: number;
  question_id: number;
  version_id: number;
  position: number;
  points: number;
  choice_order: string[] | null;
  fraction: number | null;
  score: number | null;
  graded_by: number | null;
  graded_at: Date | null;
  grader_comment: string | null;
  rubric_scores: ColumnType<number[] | null, string | null | undefined, string | null>;
}
export interface AttemptAnswersTable {
  attempt_id: number;
  question_id: number;
  response: Json;
  seq: number;
  saved_at: Timestamp;
}

export type CompetencyKind = 'manajerial' | 'sosial_kultural' | 'teknis';
export const COMPETENCY_KINDS: readonly CompetencyKind[] = ['manajerial', 'sosial_kultural', 'teknis'];
export type EvidenceSource = 'course' | 'quiz' | 'webinar' | 'assessment' | 'prior_learning' | 'citizen_feedback' | 'programme' | 'placement' | 'practice';
export type JpSource = 'course' | 'webinar' | 'prior_learning' | 'programme' | 'placement';
export interface LevelDoc {
  level: number;
  name: string;
  description: string;
  indicators: string[];
}
export interface CompetencyFrameworksTable {
  id: Id;
  slug: string;
  title: string;
  description: Generated<string>;
  publisher: Generated<string>;
  case_id: Generated<string>;
  version: Generated<number>;
  source: Generated<'file' | 'app' | 'case'>;
  content_hash: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}
export interface CompetenciesTable {
  id: Id;
  framework_id: number;
  code: string;
  case_id: Generated<string>;
  kind: CompetencyKind;
  unit_id: number | null;
  position: Generated<number>;
  current_version_id: number | null;
  retired_at: Date | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}
export interface CompetencyVersionsTable {
  id: Id;
  competency_id: number;
  version: number;
  name: string;
  description: Generated<string>;
  levels: ColumnType<LevelDoc[], string, string>;
  created_by: number | null;
  created_at: Timestamp;
}
export interface TierStandardsTable {
  tier: Tier;
  level: number;
  updated_at: Timestamp;
}
export interface PositionStandardsTable {
  position_id: number;
  competency_id: number;
  level: number;
  source: Generated<'file' | 'app'>;
  updated_at: Timestamp;
}
export interface QuizCompetenciesTable {
  quiz_id: number;
  competency_code: string;
  level: number;
  condition: Generated<'passed' | 'subscore'>;
  min_pct: number | null;
}
export interface CompetencySettingsTable {
  id: Generated<boolean>;
  settings: ColumnType<Record<string, unknown>, string, string>;
  updated_by: number | null;
  updated_at: Timestamp;
}
export interface EvidenceTable {
  id: Id;
  person_id: number | null;
  unit_id: number | null;
  competency_id: number;
  competency_version_id: number;
  level: number | null;
  source: EvidenceSource;
  source_id: number;
  source_record_id: number | null;
  title: Generated<string>;
  detail: Generated<string>;
  weight: Generated<number>;
  occurred_at: Date | string;
  recorded_at: Timestamp;
  recorded_by: number | null;
  corrects_id: number | null;
}
export interface JpEntriesTable {
  id: Id;
  person_id: number;
  year: number;
  jp: number;
  source: JpSource;
  source_id: number;
  source_record_id: number | null;
  title: Generated<string>;
  minutes: number | null;
  occurred_at: Date | string;
  recorded_at: Timestamp;
  recorded_by: number | null;
  corrects_id: number | null;
}
export type PriorLearningKind = 'pelatihan' | 'pendidikan' | 'seminar' | 'sertifikasi' | 'lainnya';
export interface PriorLearningClaimsTable {
  id: Id;
  person_id: number;
  kind: PriorLearningKind;
  title: string;
  provider: Generated<string>;
  completed_on: ColumnType<string, string, string>;
  jp: Generated<number>;
  competencies: ColumnType<{ code: string; level: number }[], string | undefined, string>;
  proof_media_id: string | null;
  note: Generated<string>;
  status: Generated<'pending' | 'accepted' | 'rejected' | 'withdrawn'>;
  reviewed_by: number | null;
  reviewed_at: Date | null;
  review_reason: string | null;
  created_at: Timestamp;
}
export interface CompetencyAssessmentsTable {
  id: Id;
  person_id: number;
  assessor_id: number;
  competency_id: number;
  competency_version_id: number;
  ratings: ColumnType<Record<string, boolean[]>, string, string>;
  level: number | null;
  note: Generated<string>;
  created_at: Timestamp;
}
/** Assessment campaigns (migrations/0009_assessment_campaigns.sql); merged into DB below. */
export type Ratings = Record<string, boolean[]>;
export interface AssessmentCampaignsTable {
  id: Id;
  name: string;
  opens_on: ColumnType<string, string, string>;
  closes_on: ColumnType<string, string, string>;
  self_assessment: Generated<boolean>;
  peer_input: Generated<boolean>;
  max_peers: Generated<number>;
  include_sub_units: Generated<boolean>;
  created_by: number;
  created_at: Timestamp;
  closed_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  closed_by: number | null;
}
export interface AssessmentCampaignUnitsTable {
  campaign_id: number;
  unit_id: number;
}
export interface AssessmentCampaignPositionsTable {
  campaign_id: number;
  position_id: number;
}
export interface AssessmentCampaignCompetenciesTable {
  campaign_id: number;
  competency_id: number;
}
export interface AssessmentTasksTable {
  id: Id;
  campaign_id: number;
  person_id: number;
  self_submitted_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  supervisor_saved_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  finalised_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  finalised_by: number | null;
  created_at: Timestamp;
}
export interface AssessmentTaskCompetenciesTable {
  task_id: number;
  competency_id: number;
  position: number;
  self_ratings: ColumnType<Ratings | null, string | null | undefined, string | null>;
  supervisor_ratings: ColumnType<Ratings | null, string | null | undefined, string | null>;
  supervisor_note: Generated<string>;
  assessment_id: number | null;
}
export interface AssessmentPeerInputsTable {
  id: Id;
  task_id: number;
  peer_id: number;
  nominated_by: number;
  ratings: ColumnType<Record<string, Ratings> | null, string | null | undefined, string | null>;
  comment: Generated<string>;
  submitted_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  created_at: Timestamp;
}
export interface AssessmentRemindersTable {
  id: Id;
  campaign_id: number;
  recipient_id: number;
  sent_by: number;
  message: Generated<string>;
  created_at: Timestamp;
}
export interface DB {
  assessment_campaigns: AssessmentCampaignsTable;
  assessment_campaign_units: AssessmentCampaignUnitsTable;
  assessment_campaign_positions: AssessmentCampaignPositionsTable;
  assessment_campaign_competencies: AssessmentCampaignCompetenciesTable;
  assessment_tasks: AssessmentTasksTable;
  assessment_task_competencies: AssessmentTaskCompetenciesTable;
  assessment_peer_inputs: AssessmentPeerInputsTable;
  assessment_reminders: AssessmentRemindersTable;
}
export type PlanStatus = 'draft' | 'submitted' | 'approved' | 'done';
export interface DevelopmentPlansTable {
  id: Id;
  person_id: number;
  year: number;
  status: Generated<PlanStatus>;
  note: Generated<string>;
  submitted_at: Date | null;
  decided_by: number | null;
  decided_at: Date | null;
  decision_note: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}
export interface DevelopmentPlanItemsTable {
  id: Id;
  plan_id: number;
  position: Generated<number>;
  kind: 'course' | 'quiz' | 'webinar' | 'other';
  course_id: number | null;
  quiz_id: number | null;
  webinar_id: number | null;
  title: string;
  competency_code: string | null;
  jp: Generated<number>;
  planned_quarter: number | null;
}

export type CertificateKind = 'course' | 'programme' | 'webinar';
/** A competency as a certificate shows it, frozen at issue. */
export interface CertificateCompetency {
  code: string;
  name: string;
  level: number;
  framework: { slug: string; title: string } | null;
  /** The competency's IMS CASE identifier (CFItem), when the frameworks know the code. */
  caseId?: string | null;
}
export interface CertificatesTable {
  id: Id;
  code: string;
  credential_id: Generated<string>;
  person_id: number;
  kind: CertificateKind;
  source_id: number;
  source_record_id: number | null;
  holder_name: string;
  holder_nip: string | null;
  activity_title: string;
  activity_summary: Generated<string>;
  activity_path: string | null;
  jp: number;
  competencies: ColumnType<CertificateCompetency[], string | undefined, string>;
  issued_at: Timestamp;
  status_index: Generated<number>;
  revoked_at: Date | null;
  revoked_by: number | null;
  revoke_reason: string | null;
  created_at: Timestamp;
}
export interface SigningKeysTable {
  id: Id;
  purpose: 'certificates';
  algorithm: Generated<'Ed25519'>;
  private_key_pem: string;
  public_key_multibase: string;
  created_at: Timestamp;
  retired_at: Date | null;
}

export type WebinarStatus = 'scheduled' | 'live' | 'ended' | 'cancelled';
export type RegistrationStatus = 'registered' | 'waitlisted' | 'pending_approval' | 'approved' | 'declined' | 'cancelled';

export interface WebinarsTable {
  id: Id;
  title: string;
  description: Generated<string>;
  starts_at: Timestamp;
  ends_at: Timestamp;
  capacity: number;
  jp: number;
  course_id: number | null;
  quiz_id: number | null;
  approval_required: Generated<boolean>;
  attendance_threshold_pct: Generated<number>;
  status: Generated<WebinarStatus>;
  host_id: number;
  janus_server: string | null;
  janus_room_id: number | null;
  janus_secret: string | null;
  opened_at: Date | null;
  ended_at: Date | null;
  cancelled_at: Date | null;
  cancel_reason: string | null;
  sequence: Generated<number>;
  record: Generated<boolean>;
  created_by: number;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface WebinarHostsTable {
  webinar_id: number;
  person_id: number;
}

export interface WebinarCompetenciesTable {
  webinar_id: number;
  competency_code: string;
  level: number;
}

export interface WebinarRegistrationsTable {
  id: Id;
  webinar_id: number;
  person_id: number;
  status: RegistrationStatus;
  waitlisted_at: Date | null;
  decided_by: number | null;
  decided_at: Date | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface WebinarAssignmentsTable {
  id: Id;
  webinar_id: number;
  unit_id: number | null;
  position_id: number | null;
  assigned_by: number | null;
  created_at: Timestamp;
}

export type AttendanceCloseReason = 'left' | 'timeout' | 'ended' | 'removed' | 'restart';

export interface WebinarAttendanceTable {
  id: Id;
  webinar_id: number;
  person_id: number;
  joined_at: Timestamp;
  last_seen_at: Timestamp;
  left_at: Date | null;
  close_reason: AttendanceCloseReason | null;
  mode: Generated<string>;
}

export interface WebinarChatMessagesTable {
  id: Id;
  webinar_id: number;
  person_id: number;
  body: string;
  created_at: Timestamp;
  removed_at: Date | null;
  removed_by: number | null;
}

export type QuestionStatus = 'open' | 'answered' | 'dismissed';

export interface WebinarQuestionsTable {
  id: Id;
  webinar_id: number;
  person_id: number;
  body: string;
  anonymous: Generated<boolean>;
  status: Generated<QuestionStatus>;
  created_at: Timestamp;
  decided_at: Date | null;
  decided_by: number | null;
}

export interface WebinarQuestionVotesTable {
  question_id: number;
  person_id: number;
  created_at: Timestamp;
}

export interface WebinarPollsTable {
  id: Id;
  webinar_id: number;
  question: string;
  options: ColumnType<string[], string, string>;
  multiple: Generated<boolean>;
  status: Generated<'open' | 'closed'>;
  created_by: number;
  created_at: Timestamp;
  closed_at: Date | null;
}

export interface WebinarPollVotesTable {
  poll_id: number;
  person_id: number;
  choices: number[];
  voted_at: Timestamp;
}

export interface WebinarHandsTable {
  webinar_id: number;
  person_id: number;
  raised_at: Timestamp;
}

export interface WebinarSpeakersTable {
  webinar_id: number;
  person_id: number;
  promoted_by: number;
  promoted_at: Timestamp;
}

export interface WebinarAttentionChecksTable {
  id: Id;
  webinar_id: number;
  prompt: string;
  created_by: number;
  created_at: Timestamp;
  expires_at: Date;
}

export interface WebinarAttentionAcksTable {
  check_id: number;
  person_id: number;
  acked_at: Timestamp;
}

export interface WebinarOutcomesTable {
  webinar_id: number;
  person_id: number;
  minutes: number;
  attended_pct: number;
  attention_checks: Generated<number>;
  attention_acked: Generated<number>;
  qualified: boolean;
  jp_entry_id: number | null;
  certificate_id: number | null;
  computed_at: Timestamp;
}

export type RecordingStatus = 'recording' | 'processing' | 'ready' | 'failed' | 'empty';

export interface WebinarRecordingsTable {
  id: Id;
  webinar_id: number;
  status: Generated<RecordingStatus>;
  rec_dir: string;
  media_id: string | null;
  lesson_id: number | null;
  error: string | null;
  started_at: Timestamp;
  finished_at: Date | null;
  updated_at: Timestamp;
}

export type SurveyChannel = 'form' | 'api' | 'demo';
export type SurveyReview = 'include' | 'exclude';

export interface SatisfactionSurveysTable {
  id: Id;
  unit_id: number;
  parent_id: number | null;
  name: string | null;
  token: string;
  services: ColumnType<string[], string | undefined, string>;
  active: Generated<boolean>;
  created_by: number | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface SatisfactionQuestionsTable {
  id: Id;
  survey_id: number;
  position: Generated<number>;
  kind: 'scale' | 'text';
  prompt: string;
  labels: ColumnType<string[] | null, string | null, string | null>;
  active: Generated<boolean>;
  created_by: number | null;
  created_at: Timestamp;
}

export interface SatisfactionResponsesTable {
  id: Id;
  survey_id: number;
  unit_id: number;
  submitted_at: Timestamp;
  channel: SurveyChannel;
  u1: number | null;
  u2: number | null;
  u3: number | null;
  u4: number | null;
  u5: number | null;
  u6: number | null;
  u7: number | null;
  u8: number | null;
  u9: number | null;
  extra: ColumnType<Record<string, number | string>, string | undefined, string>;
  age_band: string | null;
  sex: string | null;
  education: string | null;
  occupation: string | null;
  service: string | null;
  suggestion: string | null;
  device_hash: string | null;
  ip_hash: string | null;
  net_hash: string | null;
  submission_key: string | null;
  flag_reason: string | null;
  review: SurveyReview | null;
  reviewed_by: number | null;
  reviewed_at: Date | null;
  counted: ColumnType<boolean, never, never>;
}

export interface SatisfactionHashKeyTable {
  id: Generated<boolean>;
  secret: string;
  created_at: Timestamp;
}

export interface SatisfactionSignalsTable {
  id: Id;
  unit_id: number;
  survey_id: number;
  element: 'U6' | 'U7';
  month: ColumnType<string, string, string>;
  average: number;
  responses: number;
  level: number | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

/** Training evaluation: an activity is a course or a webinar, exactly one of the two ids set. */
export type FollowupApplied = 'not_at_all' | 'partly' | 'mostly' | 'fully';
export interface EvaluationTestsTable {
  id: Id;
  course_id: number | null;
  webinar_id: number | null;
  pre_quiz_id: number | null;
  post_quiz_id: number | null;
  updated_by: number | null;
  updated_at: Timestamp;
}
export interface EvaluationResponsesTable {
  id: Id;
  course_id: number | null;
  webinar_id: number | null;
  person_id: number;
  relevance: number;
  trainer: number;
  materials: number;
  delivery: number;
  recommend: number;
  most_useful: string | null;
  improve: string | null;
  submitted_at: Timestamp;
}
export interface EvaluationDismissalsTable {
  id: Id;
  course_id: number | null;
  webinar_id: number | null;
  person_id: number;
  dismissed_at: Timestamp;
}
export interface EvaluationFollowupsTable {
  id: Id;
  course_id: number | null;
  webinar_id: number | null;
  person_id: number;
  supervisor_id: number;
  completed_at: Date;
  due_at: Date;
  applied: FollowupApplied | null;
  example: string | null;
  answered_at: Date | null;
  created_at: Timestamp;
}

export interface DB {
  evaluation_tests: EvaluationTestsTable;
  evaluation_responses: EvaluationResponsesTable;
  evaluation_dismissals: EvaluationDismissalsTable;
  evaluation_followups: EvaluationFollowupsTable;
  units: UnitsTable;
  positions: PositionsTable;
  people: PeopleTable;
  person_roles: PersonRolesTable;
  sessions: SessionsTable;
  login_failures: LoginFailuresTable;
  audit_events: AuditEventsTable;
  seeded_content: SeededContentTable;
  media: MediaTable;
  courses: CoursesTable;
  course_targets: CourseTargetsTable;
  course_competencies: CourseCompetenciesTable;
  course_prerequisites: CoursePrerequisitesTable;
  course_modules: CourseModulesTable;
  lessons: LessonsTable;
  course_assignments: CourseAssignmentsTable;
  enrollments: EnrollmentsTable;
  lesson_progress: LessonProgressTable;
  question_banks: QuestionBanksTable;
  question_categories: QuestionCategoriesTable;
  questions: QuestionsTable;
  question_versions: QuestionVersionsTable;
  quizzes: QuizzesTable;
  quiz_items: QuizItemsTable;
  quiz_extra_time: QuizExtraTimeTable;
  quiz_assignments: QuizAssignmentsTable;
  quiz_attempts: QuizAttemptsTable;
  attempt_questions: AttemptQuestionsTable;
  attempt_answers: AttemptAnswersTable;
  competency_frameworks: CompetencyFrameworksTable;
  competencies: CompetenciesTable;
  competency_versions: CompetencyVersionsTable;
  tier_standards: TierStandardsTable;
  position_standards: PositionStandardsTable;
  quiz_competencies: QuizCompetenciesTable;
  competency_settings: CompetencySettingsTable;
  evidence: EvidenceTable;
  jp_entries: JpEntriesTable;
  prior_learning_claims: PriorLearningClaimsTable;
  competency_assessments: CompetencyAssessmentsTable;
  development_plans: DevelopmentPlansTable;
  development_plan_items: DevelopmentPlanItemsTable;
  certificates: CertificatesTable;
  signing_keys: SigningKeysTable;
  webinars: WebinarsTable;
  webinar_hosts: WebinarHostsTable;
  webinar_competencies: WebinarCompetenciesTable;
  webinar_registrations: WebinarRegistrationsTable;
  webinar_assignments: WebinarAssignmentsTable;
  webinar_attendance: WebinarAttendanceTable;
  webinar_chat_messages: WebinarChatMessagesTable;
  webinar_questions: WebinarQuestionsTable;
  webinar_question_votes: WebinarQuestionVotesTable;
  webinar_polls: WebinarPollsTable;
  webinar_poll_votes: WebinarPollVotesTable;
  webinar_hands: WebinarHandsTable;
  webinar_speakers: WebinarSpeakersTable;
  webinar_attention_checks: WebinarAttentionChecksTable;
  webinar_attention_acks: WebinarAttentionAcksTable;
  webinar_outcomes: WebinarOutcomesTable;
  webinar_recordings: WebinarRecordingsTable;
  satisfaction_surveys: SatisfactionSurveysTable;
  satisfaction_questions: SatisfactionQuestionsTable;
  satisfaction_responses: SatisfactionResponsesTable;
  satisfaction_hash_key: SatisfactionHashKeyTable;
  satisfaction_signals: SatisfactionSignalsTable;
}

export type UnitRow = Selectable<UnitsTable>;
export type PositionRow = Selectable<PositionsTable>;
export type PersonRow = Selectable<PeopleTable>;
export type NewPerson = Insertable<PeopleTable>;
export type PersonUpdate = Updateable<PeopleTable>;

/** Partners and placements (migrations/0012_partners.sql); merged into the interfaces above. */
export type PartnerKind = 'university' | 'professional' | 'company' | 'government';
export type AgreementKind = 'mou' | 'pks' | 'other';
export type WebinarReviewState = 'pending' | 'approved' | 'returned';
export type PlacementKind = 'internship' | 'research';
export type PlacementStatus = 'draft' | 'open' | 'closed' | 'cancelled';
export type ApplicationStatus = 'pending_supervisor' | 'pending_host' | 'accepted' | 'declined' | 'withdrawn' | 'completed' | 'not_completed';
export interface PartnersTable {
  id: Id;
  name: string;
  kind: PartnerKind;
  website: Generated<string>;
  contact_email: Generated<string>;
  description: Generated<string>;
  active: Generated<boolean>;
  created_by: number | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}
export interface PartnerAgreementsTable {
  id: Id;
  partner_id: number;
  kind: AgreementKind;
  number: string;
  title: string;
  starts_on: ColumnType<string, string, string>;
  ends_on: ColumnType<string, string, string>;
  scope: Generated<string>;
  created_by: number | null;
  created_at: Timestamp;
}
export interface PartnerMembersTable {
  id: Id;
  partner_id: number;
  person_id: number;
  active: Generated<boolean>;
  added_by: number | null;
  created_at: Timestamp;
  ended_at: Date | null;
}
export interface PlacementsTable {
  id: Id;
  kind: PlacementKind;
  title: string;
  topic: Generated<string>;
  description: Generated<string>;
  partner_id: number | null;
  unit_id: number | null;
  location: Generated<string>;
  starts_on: ColumnType<string, string, string>;
  ends_on: ColumnType<string, string, string>;
  apply_by: ColumnType<string, string, string>;
  seats: number;
  jp: number;
  status: Generated<PlacementStatus>;
  created_by: number | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}
export interface PlacementCompetenciesTable {
  placement_id: number;
  competency_code: string;
  level: number;
}
export interface PlacementApplicationsTable {
  id: Id;
  placement_id: number;
  person_id: number;
  status: ApplicationStatus;
  motivation: string;
  supervisor_by: number | null;
  supervisor_at: Date | null;
  supervisor_note: string | null;
  host_by: number | null;
  host_at: Date | null;
  host_note: string | null;
  report_summary: string | null;
  report_score: number | null;
  report_completed: boolean | null;
  reported_by: number | null;
  reported_at: Date | null;
  jp_awarded: number | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}
export interface CoursesTable {
  partner_id: ColumnType<number | null, number | null | undefined, number | null>;
}
export interface QuestionBanksTable {
  partner_id: ColumnType<number | null, number | null | undefined, number | null>;
}
export interface QuizzesTable {
  partner_id: ColumnType<number | null, number | null | undefined, number | null>;
}
export interface PriorLearningClaimsTable {
  partner_id: ColumnType<number | null, number | null | undefined, number | null>;
}
export interface WebinarsTable {
  partner_id: ColumnType<number | null, number | null | undefined, number | null>;
  review_state: Generated<WebinarReviewState>;
  review_note: string | null;
  reviewed_by: number | null;
  reviewed_at: Date | null;
}
export interface DB {
  partners: PartnersTable;
  partner_agreements: PartnerAgreementsTable;
  partner_members: PartnerMembersTable;
  placements: PlacementsTable;
  placement_competencies: PlacementCompetenciesTable;
  placement_applications: PlacementApplicationsTable;
}

/** Programmes, cohorts and practice evidence (migrations/0011_programmes.sql). */
export type ProgrammeStatus = 'draft' | 'active' | 'archived';
export type ProgrammeStepKind = 'course' | 'quiz' | 'webinar' | 'practice';
export type PracticeStatus = 'submitted' | 'accepted' | 'revise';
export interface RubricRow {
  criterion: string;
  description: string;
}
export interface RubricMark {
  criterion: string;
  met: boolean;
  comment: string;
}
export interface ProgrammesTable {
  id: Id;
  title: string;
  summary: Generated<string>;
  description: Generated<string>;
  jp: ColumnType<number, number, number>;
  status: Generated<ProgrammeStatus>;
  unit_id: number | null;
  created_by: number | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}
export interface ProgrammeCompetenciesTable {
  programme_id: number;
  competency_code: string;
  level: number;
}
export interface ProgrammeStepsTable {
  id: Id;
  programme_id: number;
  position: number;
  kind: ProgrammeStepKind;
  title: string;
  course_id: number | null;
  quiz_id: number | null;
  webinar_id: number | null;
  due_days: number | null;
  competencies: ColumnType<{ code: string; level: number }[], string | undefined, string>;
  instructions: string | null;
  rubric: ColumnType<RubricRow[] | null, string | null | undefined, string | null>;
}
export interface ProgrammeStepRequiresTable {
  step_id: number;
  requires_id: number;
}
export interface CohortsTable {
  id: Id;
  programme_id: number;
  name: string;
  starts_on: ColumnType<string, string, string>;
  ends_on: ColumnType<string, string, string>;
  principal_review: Generated<boolean>;
  created_by: number | null;
  created_at: Timestamp;
}
export interface CohortFacilitatorsTable {
  cohort_id: number;
  person_id: number;
}
export interface CohortParticipantsTable {
  cohort_id: number;
  programme_id: number;
  person_id: number;
  added_by: number | null;
  added_at: Timestamp;
}
export interface ProgrammeStepCompletionsTable {
  step_id: number;
  person_id: number;
  programme_id: number;
  completed_at: Timestamp;
}
export interface ProgrammeCompletionsTable {
  programme_id: number;
  person_id: number;
  cohort_id: number | null;
  completed_at: Timestamp;
  jp_awarded: number;
  certificate_id: number | null;
}
export interface PracticeUploadsTable {
  media_id: string;
  step_id: number;
  person_id: number;
  created_at: Timestamp;
}
export interface PracticeSubmissionsTable {
  id: Id;
  step_id: number;
  programme_id: number;
  person_id: number;
  status: Generated<PracticeStatus>;
  reflection: string;
  submitted_at: Timestamp;
  review_rubric: ColumnType<RubricMark[] | null, string | null | undefined, string | null>;
  review_comment: string | null;
  reviewed_by: number | null;
  reviewed_at: Date | null;
}
export interface PracticeSubmissionFilesTable {
  submission_id: number;
  media_id: string;
  position: number;
}
export interface ProgrammeRemindersTable {
  id: Id;
  cohort_id: number;
  person_id: number;
  sent_on: ColumnType<string, string, string>;
  message: string;
  sent_by: number | null;
  sent_at: Timestamp;
}
export interface DB {
  programmes: ProgrammesTable;
  programme_competencies: ProgrammeCompetenciesTable;
  programme_steps: ProgrammeStepsTable;
  programme_step_requires: ProgrammeStepRequiresTable;
  cohorts: CohortsTable;
  cohort_facilitators: CohortFacilitatorsTable;
  cohort_participants: CohortParticipantsTable;
  programme_step_completions: ProgrammeStepCompletionsTable;
  programme_completions: ProgrammeCompletionsTable;
  practice_uploads: PracticeUploadsTable;
  practice_submissions: PracticeSubmissionsTable;
  practice_submission_files: PracticeSubmissionFilesTable;
  programme_reminders: ProgrammeRemindersTable;
}
