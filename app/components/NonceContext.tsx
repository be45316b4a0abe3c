import { createContext, useContext } from "react";

/** The per-request Content-Security-Policy nonce (set by scripts/server.mjs) for Remix's inline scripts. */
const NonceContext = createContext<string>("");
export const NonceProvider = NonceContext.Provider;
export const useNonce = () => useContext(NonceContext);
