// Quick exit of the public pages (Maillage). Served from 'self' (the CSP forbids inline scripts); nothing is
// sent anywhere and nothing but the history entry is touched.
//
// 1. The whole visit is ONE history entry: a link followed or a search sent inside the site replaces the
//    current entry (location.replace) instead of adding one. Someone who looks at Back, or presses it after
//    the quick exit, never finds the violence pages there: Back leaves the site at once.
// 2. The quick exit leaves for a neutral site and replaces the current entry too. Triggers: a click on the
//    "Quitter rapidement" link, or Escape pressed twice within 1.5 s.
// Without JavaScript none of this can happen: the safety advice says so (private browsing).
// 3. The print button of a service sheet, shown only here (without JavaScript, the sheet says: Ctrl+P).
// The links are looked up at each event: pages rendered in the browser may add or remove them.
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
	var sameSite = function (url) {
		return url.origin === window.location.origin && (url.protocol === 'http:' || url.protocol === 'https:');
	};

	document.addEventListener('click', function (event) {
		var target = event.target instanceof Element ? event.target : null;
		var exit = target ? target.closest('a[data-quick-exit]') : null;
		if (exit) return leave(event, exit);
		// a link inside the site: replace the entry. Left alone: a new tab or window asked for (modifier keys,
		// middle button, target), a download, another site, tel:/mailto:/sms:, and what a script already handled.
		var link = target ? target.closest('a[href]') : null;
		if (!link || event.defaultPrevented || event.button !== 0) return;
		if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
		if ((link.getAttribute('target') || '_self') !== '_self' || link.hasAttribute('download')) return;
		var url = new URL(link.href, window.location.href);
		if (!sameSite(url)) return;
		event.preventDefault();
		var here = window.location;
		if (url.hash && url.pathname === here.pathname && url.search === here.search) {
			// a jump inside the page (the skip link, "Filtrer"): same entry, and the focus goes where the link points
			history.replaceState(history.state, '', url.href);
			var spot = document.getElementById(decodeURIComponent(url.hash.slice(1)));
			if (spot) {
				if (!spot.hasAttribute('tabindex') && !spot.matches('a[href],button,input,select,textarea,summary'))
					spot.setAttribute('tabindex', '-1');
				spot.focus();
				spot.scrollIntoView();
			}
			return;
		}
		window.location.replace(url.href);
	});

	document.addEventListener('submit', function (event) {
		var form = event.target instanceof HTMLFormElement ? event.target : null;
		if (!form || event.defaultPrevented) return;
		var submitter = event.submitter || null;
		var method = ((submitter && submitter.getAttribute('formmethod')) || form.method || 'get').toLowerCase();
		var action = new URL(
			(submitter && submitter.getAttribute('formaction')) || form.action,
			window.location.href
		);
		if (!sameSite(action)) return;
		var fields = new URLSearchParams(new FormData(form, submitter));
		if (method === 'get') {
			// what the browser would do, without the new entry
			event.preventDefault();
			action.search = fields.toString();
			window.location.replace(action.href);
		} else if (form.hasAttribute('data-replace-history')) {
			// a post that answers with a redirect (the language switch): sent here, then the page it leads to
			// replaces the current one
			event.preventDefault();
			fetch(action.href, {
				method: 'POST',
				body: fields,
				credentials: 'same-origin',
				headers: { accept: 'text/html' }
			}).then(
				function (response) {
					window.location.replace(response.url);
				},
				function () {
					form.submit();
				}
			);
		}
	});

	// the print button of the service sheets: hidden without JavaScript (the advice to press Ctrl+P stays)
	var showPrint = function () {
		document.querySelectorAll('button[data-print]').forEach(function (button) {
			button.hidden = false;
			button.addEventListener('click', function () {
				window.print();
			});
			var hint = button.parentElement && button.parentElement.querySelector('.print-hint');
			if (hint) hint.hidden = true;
		});
	};
	if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', showPrint);
	else showPrint();

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
