/**
 * Settings, read from the environment (and a `.env` file in the project folder), validated with zod.
 * Every setting is listed and explained in `.env.example`.
 */
import { existsSync } from 'node:fs';
import { hostname } from 'node:os';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

/** The project folder (where package.json is); relative paths in settings are taken from here. */
export const PROJECT_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** A setting that is wrong; its message is one line, naming the setting. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

const bool = z
  .string()
  .trim()
  .toLowerCase()
  .refine((v) => ['true', 'false', '1', '0', 'yes', 'no', 'on', 'off', ''].includes(v), {
    message: 'phải là true hoặc false',
  })
  .transform((v) => ['true', '1', 'yes', 'on'].includes(v));

const optionalText = z
  .string()
  .trim()
  .transform((v) => (v === '' ? undefined : v))
  .optional();

const schema = z.object({
  DATA_DIR: z.string().trim().min(1, 'không được để trống').default('data'),
  DATABASE_PATH: optionalText,
  DATABASE_URL: optionalText.refine((v) => v === undefined || /^postgres(ql)?:\/\/[^/\s]*\/?\S*$/iu.test(v), {
    message: 'phải là địa chỉ PostgreSQL, ví dụ postgres://tgpl:mật-khẩu@db:5432/tgpl',
  }),
  PG_DUMP: z.string().trim().min(1, 'không được để trống').default('pg_dump'),
  PG_POOL_SIZE: z.coerce.number({ message: 'phải là một số' }).int().min(2, 'ít nhất 2').max(500).default(10),
  WORKER_NAME: optionalText.refine((v) => v === undefined || /^[\w.:-]{1,64}$/u.test(v), { message: 'cần 1–64 ký tự chữ, số, _ . : -' }),
  OUTBOX_LEASE_SECONDS: z.coerce.number({ message: 'phải là số giây' }).int().min(1).max(3600).default(60),
  LEADER_CHECK_SECONDS: z.coerce.number({ message: 'phải là số giây' }).min(0.1).max(600).default(5),
  INBOX_SWEEP_SECONDS: z.coerce.number({ message: 'phải là số giây' }).min(0.1).max(3600).default(5),
  HEALTH_PORT: optionalText.refine((v) => v === undefined || (/^\d+$/u.test(v) && Number(v) >= 0 && Number(v) <= 65535), { message: 'phải là số cổng (0–65535)' }),
  HEALTH_HOST: z.string().trim().min(1).default('127.0.0.1'),
  SHUTDOWN_TIMEOUT_SECONDS: z.coerce.number({ message: 'phải là số giây' }).min(1).max(3600).default(30),
  DATA_KEY_FILE: optionalText,
  DATA_KEYS: optionalText,
  RETENTION_FILE: z.string().trim().min(1, 'không được để trống').default('intake/parameters/retention.yaml'),
  SHARED_DIR: z.string().trim().min(1, 'không được để trống').default('../shared'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  LOG_FILE: optionalText,
  TIME_ZONE: z
    .string()
    .trim()
    .default('Asia/Ho_Chi_Minh')
    .refine(
      (tz) => {
        try {
          new Intl.DateTimeFormat('en', { timeZone: tz });
          return true;
        } catch {
          return false;
        }
      },
      { message: 'không phải múi giờ IANA (ví dụ Asia/Ho_Chi_Minh)' },
    ),
  CONSOLE_CHANNEL: z.enum(['auto', 'on', 'off']).default('auto'),
  DISADVANTAGED_AREAS_FILE: optionalText,
  KNOWLEDGE_DIRS: optionalText,
  AUTO_INGEST: bool.default(true),
  ADMIN_UNITS_DIR: optionalText,
  DIRECTORY_FILE: z.string().trim().min(1, 'không được để trống').default('intake/directory.sample.yaml'),
  ACCEPT_REMINDER_HOURS: z.coerce.number({ message: 'phải là số giờ' }).positive('phải lớn hơn 0').default(4),
  ESCALATE_AFTER_HOURS: z.coerce.number({ message: 'phải là số giờ' }).positive('phải lớn hơn 0').default(24),
  TELEGRAM_BOT_TOKEN: optionalText.refine((v) => v === undefined || /^\d+:[\w-]{10,}$/u.test(v), {
    message: 'không đúng dạng token của BotFather (123456:ABC…)',
  }),
  TELEGRAM_API_ROOT: z.string().trim().url('phải là một địa chỉ http(s)').default('https://api.telegram.org'),
  WEBHOOK_URL: optionalText.refine((v) => v === undefined || /^https:\/\/[^/]+\/\S*$/u.test(v), {
    message: 'phải là địa chỉ https, ví dụ https://bot.example.vn/telegram',
  }),
  WEBHOOK_PORT: z.coerce.number({ message: 'phải là số cổng' }).int().min(1).max(65535).default(8443),
  WEBHOOK_SECRET: optionalText.refine((v) => v === undefined || /^[A-Za-z0-9_-]{16,256}$/u.test(v), {
    message: 'cần 16–256 ký tự A-Z, a-z, 0-9, _ hoặc -',
  }),
  WEBHOOK_HOST: z.string().trim().min(1).default('127.0.0.1'),
  WEBHOOK_MAX_BODY_BYTES: z.coerce.number({ message: 'phải là số byte' }).int().min(1024, 'ít nhất 1024').max(50 * 1024 * 1024).default(1024 * 1024),
  DELIVERY_RETRY_BASE_MS: z.coerce.number({ message: 'phải là số mili giây' }).int().min(1).max(3_600_000).default(1000),
  DELIVERY_RETRY_MAX_MS: z.coerce.number({ message: 'phải là số mili giây' }).int().min(1).max(86_400_000).default(300_000),
  DELIVERY_MAX_ATTEMPTS: z.coerce.number({ message: 'phải là một số' }).int().min(1).max(1000).default(40),
  ZALO_ENABLED: bool.default(false),
  ZALO_CREDENTIALS_FILE: optionalText,
  ZALO_QR_FILE: optionalText,
  RETRIEVAL: z.enum(['lexical', 'dense', 'hybrid']).default('lexical'),
  EMBEDDING_MODEL: z.string().trim().min(1, 'không được để trống').default('tgpl-static'),
  EMBEDDING_MODELS_DIR: optionalText,
  ALLOW_REMOTE_MODELS: bool.default(false),
  LLM_BASE_URL: optionalText.refine((v) => v === undefined || /^https?:\/\//u.test(v), { message: 'phải là địa chỉ http(s)' }),
  LLM_MODEL: optionalText,
  LLM_API_KEY: optionalText,
  LLM_TIMEOUT_MS: z.coerce.number({ message: 'phải là số mili giây' }).int().min(100).max(120_000).default(8000),
  RATE_LIMIT_PER_MINUTE: z.coerce.number({ message: 'phải là một số' }).int().min(1).max(600).default(20),
  /** Replaced by the retention file (seenUpdates); refused with a line saying so. */
  SEEN_MESSAGES_KEEP_DAYS: optionalText,
  WEB_ENABLED: z.enum(['auto', 'on', 'off']).default('auto'),
  WEB_PORT: optionalText.refine((v) => v === undefined || (/^\d+$/u.test(v) && Number(v) >= 1 && Number(v) <= 65535), { message: 'phải là số cổng (1–65535)' }),
  WEB_HOST: z.string().trim().min(1).default('127.0.0.1'),
  WEB_PUBLIC_URL: optionalText.refine((v) => v === undefined || /^https?:\/\/[^/\s]+\/?$/u.test(v), { message: 'phải là địa chỉ gốc http(s), ví dụ https://tgpl.example.vn' }),
  WEB_SESSION_KEY_FILE: optionalText,
  WEB_SESSION_HOURS: z.coerce.number({ message: 'phải là số giờ' }).positive('phải lớn hơn 0').max(24 * 30).default(12),
  WEB_LOGIN_ATTEMPTS: z.coerce.number({ message: 'phải là một số' }).int().min(1).max(1000).default(10),
  WEB_LOGIN_LINK_MINUTES: z.coerce.number({ message: 'phải là số phút' }).int().min(1).max(24 * 60).default(15),
  WEB_CHAT_ORIGINS: z.string().trim().default('*'),
  WEB_TRUST_PROXY: bool.default(false),
});

export type RawSettings = z.infer<typeof schema>;

const SECRET_SETTINGS = new Set(['TELEGRAM_BOT_TOKEN', 'WEBHOOK_SECRET', 'LLM_API_KEY', 'DATA_KEYS', 'DATABASE_URL']);

export interface Config {
  dataDir: string;
  /** The SQLite file (the default); not used for the stores when `database.url` is set. */
  databasePath: string;
  /** The stores' database: PostgreSQL when `url` is set (DATABASE_URL), else the SQLite file. */
  database: DatabaseConfig;
  /** The knowledge index (a read-only SQLite cache each worker opens): the app's file, or DATA_DIR/knowledge.sqlite beside PostgreSQL. */
  knowledgeDatabasePath: string;
  /** The health endpoint (GET /healthz) when HEALTH_PORT is set. */
  health: { port: number; host: string } | undefined;
  /** How long a stop waits for turns and sends in flight (SIGTERM). */
  shutdownTimeoutMs: number;
  /** Where the keys sealing personal data come from: the key file, or DATA_KEYS when set. */
  dataKeys: { file: string; envKeys?: string };
  /** How long each kind of personal data is kept (dated YAML, intake/parameters/retention.yaml by default). */
  retentionFile: string;
  sharedDir: string;
  logLevel: RawSettings['LOG_LEVEL'];
  /** A file path, or "-" for standard error. */
  logFile: string;
  timeZone: string;
  consoleChannel: RawSettings['CONSOLE_CHANNEL'];
  /** The centre's list of extremely disadvantaged communes (CSV), when it has loaded one. */
  disadvantagedAreasFile: string | undefined;
  /** Folders (or files) the knowledge base indexes. */
  knowledgeDirs: string[];
  /** Index what is configured when the index is missing or stale, before answering. */
  autoIngest: boolean;
  /** The administrative units folder (provinces, communes, old→new mapping). */
  adminUnitsDir: string;
  /** The branch directory (YAML). */
  directoryFile: string;
  /** Hours a routed ticket may wait before the branch is reminded, and before the centre is told. */
  acceptReminderHours: number;
  escalateAfterHours: number;
  telegram: { token: string; apiRoot: string; webhook?: { url: string; port: number; secret: string; host: string; maxBodyBytes: number } } | undefined;
  /** How the outbox sender retries a message that failed (bot/delivery/outbox-sender.ts). */
  delivery: { baseMs: number; maxMs: number; maxAttempts: number };
  zalo: { credentialsFile: string; qrFile: string } | undefined;
  /** Messages a minute one person may send on Telegram or Zalo. */
  rateLimitPerMinute: number;
  retrieval: RawSettings['RETRIEVAL'];
  /** Embedding model: a folder name under `embeddingModelsDir`, a path, or a hub id. */
  embeddingModel: string;
  embeddingModelsDir: string;
  allowRemoteModels: boolean;
  /** Answer writing by a language model (OpenAI-compatible endpoint), when configured. */
  llm: { baseUrl: string; model: string; apiKey: string; timeoutMs: number } | undefined;
  /** The web desk and web chat (web/): on when WEB_PORT is set or WEB_ENABLED=on; with the console quick start when auto. */
  web: WebConfig;
}

export interface DatabaseConfig {
  /** DATABASE_URL (postgres://…), or undefined: SQLite. */
  url: string | undefined;
  /** The database as messages and logs name it (no password). */
  description: string;
  poolSize: number;
  /** The pg_dump program `tgpl backup` runs on PostgreSQL. */
  pgDump: string;
  /** This worker's name among the workers of one database. */
  worker: string;
  /** How long a worker holds a claimed outbox message before another may take it over. */
  outboxLeaseMs: number;
  /** How often a standby worker tries to become the leader (and the leader checks it still is). */
  leaderCheckMs: number;
  /** How often a worker looks for received messages no worker is handling (one that died). */
  inboxSweepMs: number;
}

export interface WebConfig {
  enabled: RawSettings['WEB_ENABLED'];
  /** WEB_PORT, or 8080 when not set. */
  port: number;
  /** Whether WEB_PORT was set (then the web runs as a channel of its own). */
  portSet: boolean;
  host: string;
  /** The public address (sign-in links; https makes the cookies Secure); default http://host:port. */
  publicUrl: string | undefined;
  /** The session cookie's signing key (made 0600 when missing). */
  sessionKeyFile: string;
  sessionHours: number;
  /** Sign-in attempts per address per 15 minutes. */
  loginAttempts: number;
  loginLinkMinutes: number;
  /** Sites allowed to embed the web chat ("*": any). */
  chatOrigins: '*' | string[];
  trustProxy: boolean;
}

function fromRoot(path: string): string {
  return isAbsolute(path) ? path : resolve(PROJECT_ROOT, path);
}

/** Reads `.env` from the project folder into `process.env` (values already set win). */
export function loadDotEnv(file = join(PROJECT_ROOT, '.env')): void {
  if (existsSync(file)) process.loadEnvFile(file);
}

/** Validates the environment; throws a ConfigError whose message names the first wrong setting. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const known = Object.fromEntries(Object.keys(schema.shape).map((k) => [k, env[k]]));
  const parsed = schema.safeParse(known);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const key = String(issue.path[0] ?? '?');
    // Secrets are named, never shown.
    const value = SECRET_SETTINGS.has(key) ? undefined : env[key];
    throw new ConfigError(
      `Lỗi cấu hình: ${key}${value === undefined ? '' : ` = "${value}"`} ${describeIssue(issue)}`,
    );
  }
  const s = parsed.data;
  if (s.WEBHOOK_URL && !s.WEBHOOK_SECRET) throw new ConfigError('Lỗi cấu hình: WEBHOOK_SECRET cần có khi đặt WEBHOOK_URL (Telegram gửi nó trong mỗi yêu cầu)');
  if ((s.LLM_BASE_URL === undefined) !== (s.LLM_MODEL === undefined)) {
    throw new ConfigError('Lỗi cấu hình: LLM_BASE_URL và LLM_MODEL cần đặt cùng nhau');
  }
  if (s.WEBHOOK_URL && !s.TELEGRAM_BOT_TOKEN) throw new ConfigError('Lỗi cấu hình: WEBHOOK_URL cần TELEGRAM_BOT_TOKEN');
  if (s.SEEN_MESSAGES_KEEP_DAYS !== undefined) {
    throw new ConfigError('Lỗi cấu hình: SEEN_MESSAGES_KEEP_DAYS không còn dùng: thời gian giữ nằm trong RETENTION_FILE (mục seenUpdates), hãy bỏ dòng này');
  }
  const dataDir = fromRoot(s.DATA_DIR);
  const sharedDir = fromRoot(s.SHARED_DIR);
  const databasePath = s.DATABASE_PATH ? fromRoot(s.DATABASE_PATH) : join(dataDir, 'tgpl.sqlite');
  const defaultKnowledge = [join(PROJECT_ROOT, 'knowledge', 'corpus'), join(sharedDir, 'corpus')];
  return {
    dataDir,
    databasePath,
    database: {
      url: s.DATABASE_URL,
      description: s.DATABASE_URL ? `postgres://${describeDatabaseUrl(s.DATABASE_URL)}` : databasePath,
      poolSize: s.PG_POOL_SIZE,
      pgDump: s.PG_DUMP,
      worker: s.WORKER_NAME ?? `${hostname()}-${process.pid}`,
      outboxLeaseMs: s.OUTBOX_LEASE_SECONDS * 1000,
      leaderCheckMs: s.LEADER_CHECK_SECONDS * 1000,
      inboxSweepMs: s.INBOX_SWEEP_SECONDS * 1000,
    },
    knowledgeDatabasePath: s.DATABASE_URL ? join(dataDir, 'knowledge.sqlite') : databasePath,
    health: s.HEALTH_PORT !== undefined ? { port: Number(s.HEALTH_PORT), host: s.HEALTH_HOST } : undefined,
    shutdownTimeoutMs: s.SHUTDOWN_TIMEOUT_SECONDS * 1000,
    dataKeys: { file: s.DATA_KEY_FILE ? fromRoot(s.DATA_KEY_FILE) : join(dataDir, 'keys.json'), ...(s.DATA_KEYS ? { envKeys: s.DATA_KEYS } : {}) },
    retentionFile: fromRoot(s.RETENTION_FILE),
    sharedDir,
    logLevel: s.LOG_LEVEL,
    logFile: s.LOG_FILE === '-' ? '-' : s.LOG_FILE ? fromRoot(s.LOG_FILE) : join(dataDir, 'tgpl.log'),
    timeZone: s.TIME_ZONE,
    consoleChannel: s.CONSOLE_CHANNEL,
    disadvantagedAreasFile: s.DISADVANTAGED_AREAS_FILE ? fromRoot(s.DISADVANTAGED_AREAS_FILE) : undefined,
    knowledgeDirs: s.KNOWLEDGE_DIRS
      ? s.KNOWLEDGE_DIRS.split(',').map((p) => fromRoot(p.trim())).filter((p) => p !== PROJECT_ROOT)
      : defaultKnowledge,
    autoIngest: s.AUTO_INGEST,
    adminUnitsDir: s.ADMIN_UNITS_DIR ? fromRoot(s.ADMIN_UNITS_DIR) : join(sharedDir, 'data', 'admin-units'),
    directoryFile: fromRoot(s.DIRECTORY_FILE),
    acceptReminderHours: s.ACCEPT_REMINDER_HOURS,
    escalateAfterHours: s.ESCALATE_AFTER_HOURS,
    telegram: s.TELEGRAM_BOT_TOKEN
      ? {
          token: s.TELEGRAM_BOT_TOKEN,
          apiRoot: s.TELEGRAM_API_ROOT,
          webhook: s.WEBHOOK_URL
            ? { url: s.WEBHOOK_URL, port: s.WEBHOOK_PORT, secret: s.WEBHOOK_SECRET!, host: s.WEBHOOK_HOST, maxBodyBytes: s.WEBHOOK_MAX_BODY_BYTES }
            : undefined,
        }
      : undefined,
    zalo: s.ZALO_ENABLED
      ? {
          credentialsFile: s.ZALO_CREDENTIALS_FILE ? fromRoot(s.ZALO_CREDENTIALS_FILE) : join(dataDir, 'zalo', 'credentials.json'),
          qrFile: s.ZALO_QR_FILE ? fromRoot(s.ZALO_QR_FILE) : join(dataDir, 'zalo', 'qr.png'),
        }
      : undefined,
    rateLimitPerMinute: s.RATE_LIMIT_PER_MINUTE,
    delivery: { baseMs: s.DELIVERY_RETRY_BASE_MS, maxMs: s.DELIVERY_RETRY_MAX_MS, maxAttempts: s.DELIVERY_MAX_ATTEMPTS },
    retrieval: s.RETRIEVAL,
    embeddingModel: s.EMBEDDING_MODEL,
    embeddingModelsDir: s.EMBEDDING_MODELS_DIR ? fromRoot(s.EMBEDDING_MODELS_DIR) : join(dataDir, 'models'),
    allowRemoteModels: s.ALLOW_REMOTE_MODELS,
    llm: s.LLM_BASE_URL && s.LLM_MODEL
      ? { baseUrl: s.LLM_BASE_URL, model: s.LLM_MODEL, apiKey: s.LLM_API_KEY ?? 'not-needed', timeoutMs: s.LLM_TIMEOUT_MS }
      : undefined,
    web: {
      enabled: s.WEB_ENABLED,
      port: s.WEB_PORT ? Number(s.WEB_PORT) : 8080,
      portSet: s.WEB_PORT !== undefined,
      host: s.WEB_HOST,
      publicUrl: s.WEB_PUBLIC_URL?.replace(/\/$/u, ''),
      sessionKeyFile: s.WEB_SESSION_KEY_FILE ? fromRoot(s.WEB_SESSION_KEY_FILE) : join(dataDir, 'web-session.key'),
      sessionHours: s.WEB_SESSION_HOURS,
      loginAttempts: s.WEB_LOGIN_ATTEMPTS,
      loginLinkMinutes: s.WEB_LOGIN_LINK_MINUTES,
      chatOrigins: s.WEB_CHAT_ORIGINS === '*' || s.WEB_CHAT_ORIGINS === '' ? '*' : s.WEB_CHAT_ORIGINS.split(',').map((o) => o.trim()).filter(Boolean),
      trustProxy: s.WEB_TRUST_PROXY,
    },
  };
}

function describeIssue(issue: z.core.$ZodIssue): string {
  if (issue.code === 'invalid_value' && 'values' in issue) {
    return `không hợp lệ (cho phép: ${(issue.values as unknown[]).join(', ')})`;
  }
  return issue.message.startsWith('Invalid') ? 'không hợp lệ' : issue.message;
}

/** A PostgreSQL URL's server and database, without user or password ("db:5432/tgpl"). */
export function describeDatabaseUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.hostname || 'localhost'}:${u.port || '5432'}${u.pathname || '/'}`;
  } catch {
    return '(?)';
  }
}
