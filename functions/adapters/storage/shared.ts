/** Opens, in another thread, the storage another thread shared (Storage.share). */
import { FsStorage } from './fs.ts';
import type { SharedStorage, Storage } from './storage.ts';

export function openShared(ref: SharedStorage): Storage {
  switch (ref.kind) {
    case 'fs':
      return new FsStorage(ref.root);
  }
}
