"""Reads a TensorBoard event file independently of repflow's Java writer and prints its scalars as JSON.

Checks the TFRecord framing (uint64 length, masked CRC-32C of the length, data, masked CRC-32C of the
data; CRC-32C computed here from its polynomial) and decodes every record as a tensorflow.Event
protobuf with Debian's python3-protobuf, the message types declared here from TensorFlow's
event.proto / summary.proto field numbers. Output: {"file_version": ..., "scalars": [[step, tag, value], ...]}.
    /usr/bin/python3 read_tfevents.py events.out.tfevents.*
"""
import json
import struct
import sys

from google.protobuf import descriptor_pb2, descriptor_pool, message_factory


def crc32c_table():
    table = []
    for n in range(256):
        c = n
        for _ in range(8):
            c = (c >> 1) ^ 0x82F63B78 if c & 1 else c >> 1
        table.append(c)
    return table


TABLE = crc32c_table()


def crc32c(data):
    c = 0xFFFFFFFF
    for b in data:
        c = TABLE[(c ^ b) & 0xFF] ^ (c >> 8)
    return c ^ 0xFFFFFFFF


def masked(data):
    c = crc32c(data)
    return (((c >> 15) | (c << 17)) + 0xA282EAD8) & 0xFFFFFFFF


def event_class():
    f = descriptor_pb2.FileDescriptorProto(name="tfevents_reader.proto", package="tensorflow", syntax="proto3")
    value = f.message_type.add(name="SummaryValue")
    value.field.add(name="tag", number=1, type=descriptor_pb2.FieldDescriptorProto.TYPE_STRING,
                    label=descriptor_pb2.FieldDescriptorProto.LABEL_OPTIONAL)
    value.field.add(name="simple_value", number=2, type=descriptor_pb2.FieldDescriptorProto.TYPE_FLOAT,
                    label=descriptor_pb2.FieldDescriptorProto.LABEL_OPTIONAL)
    summary = f.message_type.add(name="Summary")
    summary.field.add(name="value", number=1, type=descriptor_pb2.FieldDescriptorProto.TYPE_MESSAGE,
                      type_name=".tensorflow.SummaryValue", label=descriptor_pb2.FieldDescriptorProto.LABEL_REPEATED)
    event = f.message_type.add(name="Event")
    event.field.add(name="wall_time", number=1, type=descriptor_pb2.FieldDescriptorProto.TYPE_DOUBLE,
                    label=descriptor_pb2.FieldDescriptorProto.LABEL_OPTIONAL)
    event.field.add(name="step", number=2, type=descriptor_pb2.FieldDescriptorProto.TYPE_INT64,
                    label=descriptor_pb2.FieldDescriptorProto.LABEL_OPTIONAL)
    event.field.add(name="file_version", number=3, type=descriptor_pb2.FieldDescriptorProto.TYPE_STRING,
                    label=descriptor_pb2.FieldDescriptorProto.LABEL_OPTIONAL, oneof_index=0)
    event.field.add(name="summary", number=5, type=descriptor_pb2.FieldDescriptorProto.TYPE_MESSAGE,
                    type_name=".tensorflow.Summary", label=descriptor_pb2.FieldDescriptorProto.LABEL_OPTIONAL,
                    oneof_index=0)
    event.oneof_decl.add(name="what")
    pool = descriptor_pool.DescriptorPool()
    pool.Add(f)
    descriptor = pool.FindMessageTypeByName("tensorflow.Event")
    if hasattr(message_factory, "GetMessageClass"):
        return message_factory.GetMessageClass(descriptor)
    return message_factory.MessageFactory(pool).GetPrototype(descriptor)


def read(path):
    Event = event_class()
    data = open(path, "rb").read()
    pos, records, version, scalars = 0, 0, None, []
    while pos < len(data):
        header = data[pos:pos + 8]
        if len(header) < 8:
            raise SystemExit("%s: truncated record header at byte %d" % (path, pos))
        (length,) = struct.unpack("<Q", header)
        (length_crc,) = struct.unpack("<I", data[pos + 8:pos + 12])
        if length_crc != masked(header):
            raise SystemExit("%s: bad length CRC in record %d" % (path, records))
        body = data[pos + 12:pos + 12 + length]
        (body_crc,) = struct.unpack("<I", data[pos + 12 + length:pos + 16 + length])
        if len(body) != length or body_crc != masked(body):
            raise SystemExit("%s: bad data CRC in record %d" % (path, records))
        event = Event()
        event.ParseFromString(body)
        if records == 0:
            version = event.file_version
        for v in event.summary.value:
            scalars.append([event.step, v.tag, v.simple_value])
        pos += 16 + length
        records += 1
    return {"file_version": version, "records": records, "scalars": scalars}


if __name__ == "__main__":
    print(json.dumps(read(sys.argv[1])))
