"""The demo's product catalog API for the Docker stack (the Java DemoCatalogServer binds to
loopback only): GET /api/products?page=N&per_page=M[&updated_since=ISO] answers
{"items": [...], "page": N} from a JSON array file, sorted by updated_at then sku.

    python3 catalog_api.py PRODUCTS_JSON PORT
"""

import json
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse


def page_of(products, page, per_page, since):
    items = [item for item in products if since is None or item.get("updated_at", "") > since]
    items.sort(key=lambda item: (item.get("updated_at", ""), item.get("sku", "")))
    start = max(0, (page - 1) * per_page)
    return {"items": items[start:start + per_page], "page": page}


class CatalogHandler(BaseHTTPRequestHandler):
    products_file = None

    def do_GET(self):
        url = urlparse(self.path)
        if url.path != "/api/products":
            self.send_error(404)
            return
        query = {key: values[0] for key, values in parse_qs(url.query).items()}
        try:
            body = page_of(json.load(open(self.products_file)), int(query.get("page", "1")),
                           int(query.get("per_page", "100")), query.get("updated_since"))
        except ValueError:
            self.send_error(400, "page and per_page must be numbers")
            return
        data = json.dumps(body).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)


if __name__ == "__main__":
    CatalogHandler.products_file = sys.argv[1]
    ThreadingHTTPServer(("0.0.0.0", int(sys.argv[2])), CatalogHandler).serve_forever()
