import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { MIN_JAVA_MAJOR } from './versions';

/** A missing tool, reported as one line that names what to install. */
export class MissingPrerequisiteError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MissingPrerequisiteError';
  }
}

function commandPath(command: string): string | undefined {
  const dirs = (process.env.PATH ?? '').split(path.delimiter);
  for (const dir of dirs) {
    const candidate = path.join(dir, command);
    try {
      fs.accessSync(candidate, fs.constants.X_OK);
      return candidate;
    } catch {
      // not in this directory
    }
  }
  return undefined;
}

/** Path of a command on PATH, or a clear error naming the package to install. */
export function requireCommand(command: string, installHint: string): string {
  const found = commandPath(command);
  if (!found) throw new MissingPrerequisiteError(`'${command}' was not found on PATH: ${installHint}`);
  return found;
}

export function javaMajorVersion(javaBin: string): number | undefined {
  // `java -XshowSettings:properties -version` prints the settings on stderr
  const result = spawnSync(javaBin, ['-XshowSettings:properties', '-version'], { encoding: 'utf8' });
  return parseJavaMajor(`${result.stdout ?? ''}${result.stderr ?? ''}`);
}

function parseJavaMajor(settings: string): number | undefined {
  const match = /java\.specification\.version = (\d+)(?:\.(\d+))?/.exec(settings);
  if (!match) return undefined;
  const major = Number(match[1]);
  return major === 1 ? Number(match[2]) : major;
}

/**
 * A JAVA_HOME with Java 21 or newer for the broker: $JAVA_HOME when new enough, else the newest JDK under
 * /usr/lib/jvm (these machines ship Debian's OpenJDK 17 and a newer Temurin JDK beside it).
 */
export function findBrokerJavaHome(): string {
  const candidates: string[] = [];
  if (process.env.JAVA_HOME) candidates.push(process.env.JAVA_HOME);
  const jvmDir = '/usr/lib/jvm';
  if (fs.existsSync(jvmDir)) {
    for (const entry of fs.readdirSync(jvmDir)) candidates.push(path.join(jvmDir, entry));
  }
  const javaOnPath = commandPath('java');
  if (javaOnPath) candidates.push(path.resolve(fs.realpathSync(javaOnPath), '..', '..'));
  let best: { home: string; major: number } | undefined;
  for (const home of candidates) {
    const bin = path.join(home, 'bin', 'java');
    if (!fs.existsSync(bin)) continue;
    const major = javaMajorVersion(bin);
    if (major && major >= MIN_JAVA_MAJOR && (!best || major > best.major)) best = { home, major };
  }
  if (!best) {
    throw new MissingPrerequisiteError(
      `Zeebe needs Java ${MIN_JAVA_MAJOR} or newer and none was found (JAVA_HOME, /usr/lib/jvm): ` +
        `install a JDK ${MIN_JAVA_MAJOR}+ (e.g. Temurin) and set JAVA_HOME`,
    );
  }
  return best.home;
}
