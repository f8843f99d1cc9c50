// What every view needs once the shell has loaded it: settings, the catalog, formatters in
// the reporting currency, and today's date.
import { createContext, useContext } from 'react';
import type { Settings } from '../api/types';
import type { AuthStatus } from '../features/auth/queries';
import type { Catalog } from '../lib/catalog';
import type { Formatters } from '../lib/format';

export interface AppData {
  settings: Settings;
  catalog: Catalog;
  fmt: Formatters;
  today: string;
  /** Who is signed in: pages hide what the role cannot do (the API refuses it anyway). */
  principal: NonNullable<AuthStatus['principal']>;
}

export const AppContext = createContext<AppData | null>(null);

export function useApp(): AppData {
  const value = useContext(AppContext);
  if (value === null) throw new Error('useApp outside the loaded shell');
  return value;
}
