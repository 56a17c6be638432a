/**
 * `node --import psizero/register program.ts`: registers tsx's loader, so a program of your own
 * (a script, a test) and the TypeScript workflow modules its config names import like JavaScript.
 * The psizero CLI does the same on its own (bin/psizero.js). Importing it is its whole effect.
 */
import { register } from 'tsx/esm/api';

register();
