/**
 * The governance domain's service (bodies, members, meetings, minutes, decisions, actions): what other domains
 * and the routes call. Every function authorizes first, from the stored objects (see access.ts).
 */
export { bodyAccess, todayOf } from './access';
export {
	addMember,
	bodiesSummary,
	createBody,
	getBody,
	listBodies,
	memberLeaves,
	onMemberJoined,
	updateBody
} from './bodies';
export { territoryBodies } from './territory-view';
export {
	cancelMeeting,
	createMeeting,
	getMeeting,
	listMeetings,
	meetingAccess,
	nextChairIn,
	proposeNextChair,
	recordAttendance,
	updateMeeting
} from './meetings';
export {
	approveMinutes,
	getMinutes,
	minutesReadable,
	proposeMinutes,
	sanitizeMinutes,
	saveMinutes
} from './minutes';
export { createDecision, decisionsOfMeeting } from './decisions';
export {
	actionFromAgendaItem,
	actionsOfMeeting,
	createAction,
	getAction,
	isOverdue,
	myActions,
	openActionsOf,
	updateAction
} from './actions';
