"""Pictures made in the tests with Pillow: good ones, tagged ones and bad ones."""

import io
import struct
import zlib

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import ExifTags, ImageCms
from PIL import Image as PillowImage

CAMERA = "SagaTestCam"  # the EXIF Make written into tagged pictures, to look for later
SECRET_COMMENT = "secret-newsroom-comment"


def two_colour(size=(1600, 800), left="red", right="blue", mode="RGB"):
    """Return a picture whose left half is ``left`` and right half ``right``."""
    width, height = size
    picture = PillowImage.new(mode, size, left)
    picture.paste(PillowImage.new(mode, (width - width // 2, height), right), (width // 2, 0))
    return picture


def camera_exif(orientation=None):
    exif = PillowImage.Exif()
    exif[ExifTags.Base.Make] = CAMERA
    exif[ExifTags.Base.Model] = "Model X"
    if orientation:
        exif[ExifTags.Base.Orientation] = orientation
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "N"
    gps[ExifTags.GPS.GPSLatitude] = (35.0, 41.0, 22.0)
    gps[ExifTags.GPS.GPSLongitudeRef] = "E"
    gps[ExifTags.GPS.GPSLongitude] = (139.0, 41.0, 30.0)
    return exif


def encoded(picture, image_format, **options) -> bytes:
    buffer = io.BytesIO()
    picture.save(buffer, image_format, **options)
    return buffer.getvalue()


def camera_jpeg(size=(1600, 800), orientation=None) -> bytes:
    """Return a JPEG carrying camera EXIF, GPS, XMP, an ICC profile and a comment."""
    srgb = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    xmp = f'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF>{CAMERA}</rdf:RDF></x:xmpmeta>'
    return encoded(
        two_colour(size),
        "JPEG",
        exif=camera_exif(orientation),
        icc_profile=srgb,
        comment=SECRET_COMMENT,
        xmp=xmp.encode(),
        quality=95,
    )


def tagged_png(size=(800, 600), transparent=False) -> bytes:
    from PIL import PngImagePlugin

    info = PngImagePlugin.PngInfo()
    info.add_text("Comment", SECRET_COMMENT)
    mode = "RGBA" if transparent else "RGB"
    picture = two_colour(size, mode=mode, left=(255, 0, 0, 0) if transparent else "red")
    return encoded(picture, "PNG", pnginfo=info, exif=camera_exif())


def animated_gif(size=(400, 200)) -> bytes:
    frames = [two_colour(size, "red", "blue"), two_colour(size, "green", "yellow")]
    frames = [frame.convert("P") for frame in frames]
    return encoded(
        frames[0], "GIF", save_all=True, append_images=frames[1:], comment=SECRET_COMMENT
    )


def png_declaring(width, height) -> bytes:
    """Return a tiny PNG whose header declares ``width`` × ``height`` pixels."""

    def chunk(kind, data):
        return (
            struct.pack(">I", len(data))
            + kind
            + data
            + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
        )

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00" * 64))
        + chunk(b"IEND", b"")
    )


def truncated_jpeg() -> bytes:
    noise = PillowImage.effect_noise((600, 400), 60).convert("RGB")
    data = encoded(noise, "JPEG", quality=90)
    return data[: len(data) // 2]


SVG = (
    b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="100" height="100">'
    b'<script>alert(1)</script><rect width="100" height="100" fill="red"/></svg>'
)


def upload(data: bytes, name="picture.jpg", content_type="image/jpeg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type=content_type)


def jpeg_upload(size=(1600, 800), orientation=None, name="photo.jpg"):
    return upload(camera_jpeg(size, orientation), name)
