import { constants } from 'node:fs';
import { access, readdir, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { UsageError, type ImportFormat } from './args';

/** A file to upload: its path, size, and the multipart field and file name it is sent under. */
export interface UploadFile {
  path: string;
  name: string;
  field: string;
  size: number;
}

const EXTENSION: Record<ImportFormat, RegExp> = { ssda903: /\.(csv|txt)$/i, 'cin-census': /\.xml$/i };

/**
 * The files named on the command line: a folder gives its files of the format's kind (CSV or
 * XML; others, e.g. a README, are left alone), a file is sent whatever its name. A 903 file's
 * field is its base name: the service finds the table in it (`2017-episodes` → episodes).
 */
export async function filesToUpload(format: ImportFormat, paths: string[]): Promise<UploadFile[]> {
  const found: string[] = [];
  for (const p of paths) {
    const s = await stat(p).catch(() => undefined);
    if (!s) throw new UsageError(`${p}: no such file or folder`);
    if (s.isDirectory()) {
      const all = await readdir(p).catch((err: Error) => {
        throw new UsageError(`${p}: cannot be read (${err.message})`);
      });
      const names = all.filter((n) => EXTENSION[format].test(n)).sort();
      if (names.length === 0) throw new UsageError(`${p}: no ${format === 'ssda903' ? '.csv' : '.xml'} file in this folder`);
      found.push(...names.map((n) => join(p, n)));
    } else {
      found.push(p);
    }
  }
  const files: UploadFile[] = [];
  for (const path of found) {
    const s = await stat(path);
    if (!s.isFile()) continue;
    await access(path, constants.R_OK).catch(() => {
      throw new UsageError(`${path}: cannot be read (permissions)`);
    });
    const name = basename(path);
    files.push({ path, name, field: format === 'cin-census' ? 'file' : name.replace(/\.[^.]*$/, ''), size: s.size });
  }
  if (format === 'cin-census' && files.length !== 1) {
    throw new UsageError(`a CIN census import is one XML file; found ${files.length}: ${files.map((f) => f.name).join(', ')}`);
  }
  return files;
}
