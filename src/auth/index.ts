/** Authentication: API keys for machines, passwords and sign-in sessions for people, and the roles they carry. */
export { apiKeyId, generateApiKey, hashApiKey } from './api-keys.ts';
export { AuthService } from './auth-service.ts';
export type { AuthServiceOptions, DemoPasswords, NewSession } from './auth-service.ts';
export { AUTH_ERROR_KIND, AuthError } from './errors.ts';
export type { AuthErrorCode } from './errors.ts';
export {
  MAX_PASSWORD_LENGTH,
  MIN_PASSWORD_LENGTH,
  checkPasswordStrength,
  hashPassword,
  verifyPassword,
} from './passwords.ts';
export { ANY_PERSON, MACHINE_ROLES, accessRolesOf, channelOf, isMachineRole } from './roles.ts';
export type { KeyPrincipal, MachineRole, PersonPrincipal, Principal } from './roles.ts';
export { SignInThrottle } from './sign-in-throttle.ts';
