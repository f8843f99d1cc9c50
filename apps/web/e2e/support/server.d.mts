export declare const ROOT: string;
export declare const API_MAIN: string;
export declare const WEB_DIST: string;
export declare function freePort(): Promise<number>;
export interface ServerHandle {
  url: string;
  dataDir: string;
  stop(): Promise<void>;
  output(): string;
}
export declare const E2E_ADMIN_TOKEN: string;
export declare const E2E_USER: { email: string; password: string };
export declare function currentServer(): ServerHandle | null;
export declare function startServer(options?: {
  demo?: boolean;
  label?: string;
  timeoutMs?: number;
  log?: boolean;
  setupAdmin?: boolean;
}): Promise<ServerHandle>;
