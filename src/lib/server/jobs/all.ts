/** Loading this module declares every job of the app (one import per domain's jobs.ts). */
import '../governance/jobs';
import '../notifications/jobs';
import '../fund/jobs';
