// A small Dockerfile reader for tests: enough of the grammar to check what our Dockerfiles point at
// without a Docker engine (logical lines, continuations, comments, flags, exec form, stages, ARG defaults).
// Deliberately stricter than Docker in one place: an instruction that starts with `[` must be valid JSON,
// because Docker silently runs broken exec form through a shell.

export const INSTRUCTIONS = [
  'ADD',
  'ARG',
  'CMD',
  'COPY',
  'ENTRYPOINT',
  'ENV',
  'EXPOSE',
  'FROM',
  'HEALTHCHECK',
  'LABEL',
  'MAINTAINER',
  'ONBUILD',
  'RUN',
  'SHELL',
  'STOPSIGNAL',
  'USER',
  'VOLUME',
  'WORKDIR',
] as const;
export type Keyword = (typeof INSTRUCTIONS)[number];

const EXEC_FORM: ReadonlySet<Keyword> = new Set(['ADD', 'CMD', 'COPY', 'ENTRYPOINT', 'RUN', 'SHELL', 'VOLUME']);
const TAKES_FLAGS: ReadonlySet<Keyword> = new Set(['ADD', 'COPY', 'FROM', 'HEALTHCHECK', 'RUN']);

export interface Instruction {
  keyword: Keyword;
  /** 1-based line where the instruction starts. */
  line: number;
  /** Leading `--name=value` options (`--name` alone maps to ''). */
  flags: Record<string, string>;
  /** The rest of the instruction after the flags, continuations joined. */
  args: string;
  /** The JSON array when the instruction is in exec form; for HEALTHCHECK, of its CMD. */
  exec: string[] | null;
}

export interface Stage {
  /** `AS name`, lower-cased, or null. */
  name: string | null;
  /** The image or stage it starts from, with global ARG defaults substituted. */
  base: string;
  instructions: Instruction[];
}

export interface Dockerfile {
  /** ARGs declared before the first FROM, with their defaults ('' when none). */
  globalArgs: Record<string, string>;
  stages: Stage[];
  instructions: Instruction[];
}

export class DockerfileSyntaxError extends Error {
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(`line ${line}: ${message}`);
  }
}

/** Joins continuation lines and drops comments and blank lines: [startLine, text] per instruction. */
function logicalLines(text: string): Array<[number, string]> {
  const lines = text.split(/\r?\n/);
  const escapeDirective = /^#\s*escape\s*=\s*(\S)\s*$/i.exec(lines.find((l) => l.startsWith('#')) ?? '');
  const escape = escapeDirective?.[1] ?? '\\';
  const result: Array<[number, string]> = [];
  let current: string | null = null;
  let start = 0;
  lines.forEach((raw, index) => {
    const trimmed = raw.trim();
    if (trimmed.startsWith('#') || trimmed === '') return; // Docker drops both, even inside a continuation
    if (current === null) start = index + 1;
    const body = raw.trimEnd();
    if (body.endsWith(escape)) {
      current = (current ?? '') + body.slice(0, -1);
      return;
    }
    result.push([start, ((current ?? '') + body).trim()]);
    current = null;
  });
  if (current !== null) throw new DockerfileSyntaxError(start, 'the last instruction ends with a line continuation');
  return result;
}

function takeFlags(rest: string): { flags: Record<string, string>; rest: string } {
  const flags: Record<string, string> = {};
  let remaining = rest;
  for (let match = /^--([a-z-]+)(?:=(\S*))?\s*/.exec(remaining); match; match = /^--([a-z-]+)(?:=(\S*))?\s*/.exec(remaining)) {
    flags[match[1]] = match[2] ?? '';
    remaining = remaining.slice(match[0].length);
  }
  return { flags, rest: remaining };
}

function parseExec(line: number, keyword: string, text: string): string[] | null {
  if (!text.startsWith('[')) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new DockerfileSyntaxError(line, `${keyword} looks like exec form but is not valid JSON (${(error as Error).message})`);
  }
  if (!Array.isArray(parsed) || !parsed.every((item) => typeof item === 'string')) {
    throw new DockerfileSyntaxError(line, `${keyword} exec form must be a JSON array of strings`);
  }
  return parsed;
}

/** Substitutes `$NAME`, `${NAME}` and `${NAME:-default}` from vars; unknown names are left as they are. */
export function expandArgs(text: string, vars: Record<string, string>): string {
  return text.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}|\$([A-Za-z_][A-Za-z0-9_]*)/g, (whole, braced, fallback, bare) => {
    const name = (braced ?? bare) as string;
    const value = vars[name];
    if (value !== undefined && value !== '') return value;
    return fallback !== undefined ? (fallback as string) : whole;
  });
}

export function parseDockerfile(text: string): Dockerfile {
  const instructions: Instruction[] = [];
  for (const [line, logical] of logicalLines(text)) {
    const match = /^(\S+)\s*(.*)$/s.exec(logical);
    const word = (match?.[1] ?? '').toUpperCase();
    if (!(INSTRUCTIONS as readonly string[]).includes(word)) throw new DockerfileSyntaxError(line, `unknown instruction '${match?.[1]}'`);
    const keyword = word as Keyword;
    const { flags, rest } = TAKES_FLAGS.has(keyword) ? takeFlags(match?.[2] ?? '') : { flags: {}, rest: match?.[2] ?? '' };
    if (rest === '' && keyword !== 'HEALTHCHECK') throw new DockerfileSyntaxError(line, `${keyword} has no arguments`);
    let exec: string[] | null = null;
    if (EXEC_FORM.has(keyword)) exec = parseExec(line, keyword, rest);
    if (keyword === 'HEALTHCHECK') {
      const check = /^(CMD|NONE)\b\s*(.*)$/is.exec(rest);
      if (!check) throw new DockerfileSyntaxError(line, 'HEALTHCHECK must be followed by CMD or NONE');
      exec = check[1].toUpperCase() === 'CMD' ? parseExec(line, 'HEALTHCHECK CMD', check[2]) : null;
    }
    instructions.push({ keyword, line, flags, args: rest, exec });
  }

  const globalArgs: Record<string, string> = {};
  const stages: Stage[] = [];
  for (const instruction of instructions) {
    if (instruction.keyword === 'FROM') {
      const from = /^(\S+)(?:\s+AS\s+(\S+))?$/i.exec(instruction.args);
      if (!from) throw new DockerfileSyntaxError(instruction.line, `FROM expects "image [AS name]", got '${instruction.args}'`);
      stages.push({ name: from[2]?.toLowerCase() ?? null, base: expandArgs(from[1], globalArgs), instructions: [instruction] });
    } else if (stages.length === 0) {
      if (instruction.keyword !== 'ARG') throw new DockerfileSyntaxError(instruction.line, `${instruction.keyword} before the first FROM`);
      const [name, value = ''] = instruction.args.split('=', 2);
      globalArgs[name.trim()] = value.trim().replace(/^"(.*)"$/, '$1');
    } else {
      stages[stages.length - 1].instructions.push(instruction);
    }
  }
  if (stages.length === 0) throw new DockerfileSyntaxError(1, 'no FROM instruction');
  return { globalArgs, stages, instructions };
}

/** `ENV A=1 B=2` / `ENV A 1` of a stage, later values winning. */
export function stageEnv(stage: Stage): Record<string, string> {
  const env: Record<string, string> = {};
  for (const { keyword, args } of stage.instructions) {
    if (keyword !== 'ENV') continue;
    if (!/^[A-Za-z_][A-Za-z0-9_]*=/.test(args)) {
      const [name, ...value] = args.split(/\s+/);
      env[name] = value.join(' ');
      continue;
    }
    for (const pair of args.match(/[A-Za-z_][A-Za-z0-9_]*=(?:"[^"]*"|\S*)/g) ?? []) {
      const eq = pair.indexOf('=');
      env[pair.slice(0, eq)] = pair.slice(eq + 1).replace(/^"(.*)"$/, '$1');
    }
  }
  return env;
}

/** The last instruction of a keyword in a stage (what Docker uses for CMD, ENTRYPOINT, USER, HEALTHCHECK). */
export function lastOf(stage: Stage, keyword: Keyword): Instruction | undefined {
  return stage.instructions.filter((i) => i.keyword === keyword).at(-1);
}

export function finalStage(dockerfile: Dockerfile): Stage {
  return dockerfile.stages[dockerfile.stages.length - 1];
}
