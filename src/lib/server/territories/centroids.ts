import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';

type Ring = [number, number][];
interface Feature {
	properties: { code: string };
	geometry: { type: 'Polygon'; coordinates: Ring[] } | { type: 'MultiPolygon'; coordinates: Ring[][] };
}

export interface Centroid {
	latitude: number;
	longitude: number;
	/** planar area in squared degrees, used to weigh merged communes */
	area: number;
}

/** Area-weighted centroid of the outer rings (shoelace formula); good enough for distances in km. */
export function centroidOf(feature: Feature): Centroid | undefined {
	const polygons =
		feature.geometry.type === 'Polygon' ? [feature.geometry.coordinates] : feature.geometry.coordinates;
	let area = 0;
	let cx = 0;
	let cy = 0;
	for (const polygon of polygons) {
		const ring = polygon[0];
		if (!ring) continue;
		for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
			const [x0, y0] = ring[j]!;
			const [x1, y1] = ring[i]!;
			const cross = x0 * y1 - x1 * y0;
			area += cross;
			cx += (x0 + x1) * cross;
			cy += (y0 + y1) * cross;
		}
	}
	if (area === 0) return undefined;
	return { longitude: cx / (3 * area), latitude: cy / (3 * area), area: Math.abs(area / 2) };
}

/** Reads every communes-*.geojson.gz of a folder (the layout of shared/data/geo/communes). */
export function readCentroids(dir: string): Map<string, Centroid> {
	const result = new Map<string, Centroid>();
	const files = fs.readdirSync(dir).filter((f) => /\.geojson(\.gz)?$/.test(f));
	for (const file of files) {
		const raw = fs.readFileSync(path.join(dir, file));
		const text = (file.endsWith('.gz') ? zlib.gunzipSync(raw) : raw).toString('utf8');
		for (const feature of JSON.parse(text).features as Feature[]) {
			const centroid = centroidOf(feature);
			if (centroid) result.set(feature.properties.code, centroid);
		}
	}
	return result;
}

/** Communes merged since the shapes were drawn: weigh the former communes' centroids by area. */
export function mergeCentroids(parts: Centroid[]): Centroid | undefined {
	const area = parts.reduce((sum, p) => sum + p.area, 0);
	if (area === 0) return undefined;
	return {
		latitude: parts.reduce((s, p) => s + p.latitude * p.area, 0) / area,
		longitude: parts.reduce((s, p) => s + p.longitude * p.area, 0) / area,
		area
	};
}
