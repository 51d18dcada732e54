/** Loading this module declares every job of the app (one import per domain's jobs.ts). */
import '../governance/jobs';
import '../notifications/jobs';
import '../pathways/rights-jobs';
import '../pathways/referral-jobs';
import '../fund/jobs';
import '../personal-data';
