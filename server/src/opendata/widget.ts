import { createHash } from 'node:crypto'
import { Router } from 'express'
import { crossOrigin } from './routes.ts'

/**
 * The embeddable widget (docs/open-data.md): tiny vanilla JS, no framework, no cookie. Every
 * `<div data-fabrique-lieu="slug">` of the page shows "Ouvert maintenant — 4 postes libres" or
 * "Fermé — ouvre lundi à 08:30" (`data-lang="en"` for English), refreshed every 60 s. The API is
 * the origin the script was loaded from.
 */
export const widgetSource = String.raw`/* Fabrique open-data widget — docs/open-data.md */
(function () {
  'use strict';
  if (window.__fabriqueWidget) { window.__fabriqueWidget.refresh(); return; }
  var me = document.currentScript || document.querySelector('script[src*="widget.js"]');
  var origin = '';
  try { origin = new URL(me && me.src ? me.src : location.href, location.href).origin; } catch (e) { origin = location.origin; }
  var T = {
    fr: { open: 'Ouvert maintenant', closed: 'Fermé', opens: 'ouvre', at: 'à', today: 'aujourd’hui', tomorrow: 'demain',
      seats: function (n) { return n === 0 ? 'aucun poste libre' : n === 1 ? '1 poste libre' : n + ' postes libres'; } },
    en: { open: 'Open now', closed: 'Closed', opens: 'opens', at: 'at', today: 'today', tomorrow: 'tomorrow',
      seats: function (n) { return n === 0 ? 'no desk free' : n === 1 ? '1 desk free' : n + ' desks free'; } }
  };
  function localDate(d, tz) {
    return new Intl.DateTimeFormat('en-CA', { timeZone: tz, year: 'numeric', month: '2-digit', day: '2-digit' }).format(d);
  }
  function text(data, lang) {
    var t = T[lang] || T.fr;
    if (data.openNow) return t.open + ' — ' + t.seats(data.seatsFreeByKind.desk + data.seatsFreeByKind.zone);
    if (!data.nextOpening) return t.closed;
    var next = new Date(data.nextOpening), tz = data.timeZone;
    var locale = lang === 'en' ? 'en-GB' : 'fr-FR';
    var time = new Intl.DateTimeFormat(locale, { timeZone: tz, hour: '2-digit', minute: '2-digit', hour12: false }).format(next);
    var days = Math.round((Date.parse(localDate(next, tz)) - Date.parse(localDate(new Date(), tz))) / 86400000);
    var day = days === 0 ? t.today : days === 1 ? t.tomorrow : new Intl.DateTimeFormat(locale, { timeZone: tz, weekday: 'long' }).format(next);
    return t.closed + ' — ' + t.opens + ' ' + day + ' ' + t.at + ' ' + time;
  }
  function render(el) {
    var slug = el.getAttribute('data-fabrique-lieu');
    if (!slug || !/^[a-z0-9-]{1,60}$/.test(slug)) return;
    var lang = el.getAttribute('data-lang') === 'en' ? 'en' : 'fr';
    fetch(origin + '/api/v1/open-data/lieux/' + slug, { credentials: 'omit' })
      .then(function (r) { if (!r.ok) throw new Error(String(r.status)); return r.json(); })
      .then(function (data) {
        el.textContent = text(data, lang);
        el.setAttribute('data-fabrique-state', data.openNow ? 'open' : 'closed');
        el.setAttribute('role', 'status');
        el.classList.add('fabrique-widget');
      })
      .catch(function () { /* keep what is shown; the next refresh retries */ });
  }
  function refresh() {
    var els = document.querySelectorAll('[data-fabrique-lieu]');
    for (var i = 0; i < els.length; i++) render(els[i]);
  }
  window.__fabriqueWidget = { refresh: refresh, text: text };
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', refresh); else refresh();
  setInterval(refresh, 60000);
})();
`

const etag = `"${createHash('sha256').update(widgetSource).digest('base64url').slice(0, 27)}"`

/** GET /widget.js, loadable from any site (mounted outside /api/v1). */
export function widgetRoutes() {
  const r = Router()
  r.get('/widget.js', (req, res) => {
    crossOrigin(res)
    res.set('Cache-Control', 'public, max-age=300')
    res.set('ETag', etag)
    res.type('text/javascript; charset=utf-8')
    if (req.fresh) {
      res.status(304).end()
      return
    }
    res.send(widgetSource)
  })
  return r
}
