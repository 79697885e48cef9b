import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

const NOT_OURS = new Set(['node_modules', 'dist', 'coverage', '.git']);

/**
 * The files called `name` (`README.md`, `package.json`) of the repository at `root`: its own, and
 * those one and two folders down, outside installed and built folders.
 */
export function ownFiles(root: string, name: string): string[] {
  const folders = (dir: string) =>
    readdirSync(dir, { withFileTypes: true })
      .filter((entry) => entry.isDirectory() && !NOT_OURS.has(entry.name))
      .map((entry) => join(dir, entry.name));
  const children = folders(root);
  return [root, ...children, ...children.flatMap(folders)]
    .map((dir) => join(dir, name))
    .filter((file) => existsSync(file));
}
