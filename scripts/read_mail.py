#!/usr/bin/env python3
"""Prints the messages of a Maildir (as aiosmtpd's Mailbox handler writes it) as JSON, for the
tests: headers, both bodies, and each attachment; a calendar attachment is also read back
with the independent `icalendar` parser, its start given in Asia/Jakarta and Asia/Makassar."""

import base64
import json
import mailbox
import sys
from zoneinfo import ZoneInfo

import icalendar


def calendar(raw: bytes) -> dict:
    cal = icalendar.Calendar.from_ical(raw)
    events = []
    for event in cal.walk("VEVENT"):
        start = event.decoded("DTSTART")
        events.append({
            "uid": str(event.get("UID")),
            "sequence": int(event.get("SEQUENCE", 0)),
            "summary": str(event.get("SUMMARY")),
            "status": str(event.get("STATUS", "")),
            "start_jakarta": start.astimezone(ZoneInfo("Asia/Jakarta")).isoformat(),
            "start_makassar": start.astimezone(ZoneInfo("Asia/Makassar")).isoformat(),
        })
    return {"method": str(cal.get("METHOD", "")), "events": events}


def main(path: str) -> None:
    out = []
    messages = mailbox.Maildir(path, factory=None, create=False)
    for _, message in sorted(messages.items(), key=lambda kv: kv[1].get_date()):
        item = {
            "subject": str(message["subject"] and __import__("email.header").header.make_header(
                __import__("email.header").header.decode_header(message["subject"]))),
            "to": message["to"],
            "from": message["from"],
            "text": "",
            "html": "",
            "attachments": [],
        }
        for part in message.walk():
            if part.is_multipart():
                continue
            payload = part.get_payload(decode=True) or b""
            name = part.get_filename()
            kind = part.get_content_type()
            if name:
                entry = {"name": name, "content_type": part.get("Content-Type"), "raw": base64.b64encode(payload).decode()}
                if kind == "text/calendar":
                    entry["calendar"] = calendar(payload)
                item["attachments"].append(entry)
            elif kind == "text/plain":
                item["text"] += payload.decode(part.get_content_charset() or "utf-8")
            elif kind == "text/html":
                item["html"] += payload.decode(part.get_content_charset() or "utf-8")
        out.append(item)
    json.dump(out, sys.stdout, ensure_ascii=False)


if __name__ == "__main__":
    main(sys.argv[1])
