// Quick exit of the public pages (Maillage): leaves for a neutral site and replaces the current history entry,
// so that Back does not come back here. Triggers: a click on the "Quitter rapidement" link, or Escape pressed
// twice within 1.5 s. Served from 'self' (the CSP forbids inline scripts); nothing else is cleared or sent.
// The link is looked up at each event: pages rendered in the browser may add or remove it.
(function () {
	'use strict';
	var exitLink = function () {
		return document.querySelector('a[data-quick-exit]');
	};
	var leave = function (event, link) {
		event.preventDefault();
		document.documentElement.style.visibility = 'hidden';
		window.location.replace(link.href);
	};
	document.addEventListener('click', function (event) {
		var link = event.target instanceof Element ? event.target.closest('a[data-quick-exit]') : null;
		if (link) leave(event, link);
	});
	var lastEscape = 0;
	document.addEventListener('keydown', function (event) {
		if (event.key !== 'Escape' && event.key !== 'Esc') return;
		var link = exitLink();
		if (!link) return;
		var now = Date.now();
		if (now - lastEscape < 1500) leave(event, link);
		else lastEscape = now;
	});
})();
