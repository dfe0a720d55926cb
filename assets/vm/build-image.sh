#!/usr/bin/env bash
# Build Berth's Linux guest image: Debian (trixie) + Docker Engine, booted
# directly by QEMU (-kernel/-initrd) with Berth's own tiny initramfs and init.
#
#   sudo bash assets/vm/build-image.sh [--out DIR] [--force] [--keep-work]
#
# Output: ${BERTH_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/berth}/images/<key>/
# (or DIR with --out):
#   vmlinux  vmlinuz  initrd.img  rootfs.img  manifest.json
# <key> hashes every input (the files in assets/vm, the suite, the package and
# module lists, BUILD_VERSION), so an unchanged tree is "up to date" in a few
# seconds. A build goes to a temporary directory that is renamed into place at
# the end, so a half-built image is never seen; in the cache, images/current
# points at the newest key. See assets/vm/README.md.
set -euo pipefail

BUILD_VERSION=3 # bump to force new keys when the build logic changes in a way the inputs do not show
# What the host and the guest's init agree on (kernel arguments, fw_cfg files,
# serial lines). Bump it, with GUEST_PROTOCOL in main/core/image/manifest.ts,
# when a change needs both sides: Berth refuses an image of another protocol
# rather than boot one that half works. 2: the share list is in fw_cfg.
GUEST_PROTOCOL=2
SUITE=trixie
MIRROR=${BERTH_DEBIAN_MIRROR:-http://deb.debian.org/debian}
# docker-cli: `docker` inside the guest (berth shell, debugging); xz-utils:
# dockerd shells out to xz for .xz archives; busybox-static: the initramfs and
# poweroff -f / tooling in the guest.
PACKAGES=(docker.io docker-cli linux-image-cloud-amd64 e2fsprogs openssh-server iproute2 ca-certificates kmod
  busybox-static tini xz-utils)
# The root image: uncompressed erofs (fastest under TCG, where decompressing
# costs emulated instructions) or squashfs+lz4 (smaller); see README.md.
ROOTFS_FORMAT=${BERTH_ROOTFS_FORMAT:-erofs}
case "$ROOTFS_FORMAT" in
  erofs) ROOTFS_MODULE=erofs ;;
  squashfs) ROOTFS_MODULE=squashfs ;;
  *) echo "build-image: BERTH_ROOTFS_FORMAT must be erofs or squashfs" >&2; exit 2 ;;
esac
# Kernel modules, put decompressed into the initramfs (dependencies added from
# modules.dep). There is no udev in the guest, so nothing else would load the
# disk, NIC, RNG or power-button drivers. The initramfs loads the first set
# itself; the second (Docker's) is handed to berth-init, which loads it in the
# background while containerd starts: cheaper than the kernel's modprobe round
# trips from dockerd later (each exec costs tens of ms under TCG). Anything
# else still loads on demand through /sbin/modprobe from the root image.
INITRD_MODULES=(virtio_blk "$ROOTFS_MODULE" overlay virtio_net virtio_rng button evdev)
DOCKER_MODULES=(bridge br_netfilter veth nf_tables nft_compat nft_chain_nat nf_nat nf_conntrack
  nf_conntrack_netlink xt_conntrack xt_MASQUERADE xt_addrtype xfrm_user)

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

die() {
  echo "build-image: error: $*" >&2
  exit 1
}
say() { echo "build-image: $*"; }

usage() {
  cat <<EOF
Usage: sudo bash assets/vm/build-image.sh [--out DIR] [--force] [--keep-work]
  --out DIR     put the image in DIR (default: the cache,
                ${BERTH_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/berth}/images/<key>,
                with images/current pointing at it)
  --force       rebuild even when the image is up to date
  --keep-work   keep the work directory (debootstrap tree, initramfs tree)
Needs root and the packages: debootstrap, erofs-utils (or squashfs-tools with
BERTH_ROOTFS_FORMAT=squashfs), zstd, debian-archive-keyring.
EOF
}

out=
force=0
keep_work=0
while [ $# -gt 0 ]; do
  case "$1" in
    --out) [ $# -ge 2 ] || die "--out needs a directory"; out=$2; shift 2 ;;
    --out=*) out=${1#--out=}; shift ;;
    --force) force=1; shift ;;
    --keep-work) keep_work=1; shift ;;
    -h | --help) usage; exit 0 ;;
    *) usage >&2; die "unknown argument: $1" ;;
  esac
done

# ------------------------------------------------------------------ checks
[ "${EUID:-$(id -u)}" = 0 ] || die "must run as root (debootstrap and the rootfs need it): sudo npm run vm:image"
need() { # need <command> <apt package>
  command -v "$1" >/dev/null 2>&1 || die "'$1' not found: apt-get install -y $2"
}
need uname coreutils
[ "$(uname -m)" = x86_64 ] || die "only x86_64 hosts are supported for now (the guest is amd64)"
need debootstrap debootstrap
need sha256sum coreutils
need chroot coreutils
need find findutils
need zstd zstd
need gcc gcc # the port-forwarding agent (agent/berth-portd.c), built static
[ -r /usr/lib/x86_64-linux-gnu/libc.a ] || die "static libc missing (for agent/berth-portd.c): apt-get install -y libc6-dev"
if [ "$ROOTFS_FORMAT" = erofs ]; then need mkfs.erofs erofs-utils; else need mksquashfs squashfs-tools; fi
[ -r /usr/share/keyrings/debian-archive-keyring.gpg ] || die "Debian archive keyring missing: apt-get install -y debian-archive-keyring"

# ------------------------------------------------------------------ key
# sha256 over: each file under assets/vm (sorted, path + content), the suite,
# the package list, the initramfs module list, the compression and BUILD_VERSION.
compute_key() {
  {
    printf 'berth-guest build %s\nsuite %s\npackages %s\ninitrd-modules %s\nrootfs %s\n' \
      "$BUILD_VERSION" "$SUITE" "${PACKAGES[*]}" "${INITRD_MODULES[*]} / ${DOCKER_MODULES[*]}" "$ROOTFS_FORMAT"
    (cd "$here" && find . -type f -print0 | LC_ALL=C sort -z | while IFS= read -r -d '' f; do
      printf 'file %s %s\n' "$f" "$(sha256sum <"$f" | cut -d' ' -f1)"
    done)
  } | sha256sum | cut -c1-16
}
key=$(compute_key)

cache=${BERTH_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/berth}
# Under sudo, build into the invoking user's cache (where Berth, running as
# that user, looks), not root's, and hand the result to that user.
owner=
if [ -n "${SUDO_USER:-}" ] && [ "$SUDO_USER" != root ] && [ -n "${SUDO_UID:-}" ]; then
  owner=$SUDO_UID:${SUDO_GID:-$SUDO_UID}
  if [ -z "${BERTH_CACHE_DIR:-}" ] && [ -z "${XDG_CACHE_HOME:-}" ]; then
    user_home=$(getent passwd "$SUDO_USER" | cut -d: -f6)
    [ -n "$user_home" ] && cache=$user_home/.cache/berth
  fi
fi
give_to_owner() { # give_to_owner PATH...: chown to the sudo user, if any
  [ -n "$owner" ] || return 0
  chown -hR "$owner" "$@" 2>/dev/null || true
}
if [ -n "$out" ]; then
  mkdir -p "$(dirname "$out")"
  dest=$(cd "$(dirname "$out")" && pwd)/$(basename "$out")
  images=
else
  images=$cache/images
  mkdir -p "$images"
  images=$(cd "$images" && pwd)
  dest=$images/$key
fi

# verify_image DIR: every part listed in manifest.json exists with that size and sha256.
verify_image() {
  local dir=$1 f size sum
  [ -f "$dir/manifest.json" ] || return 1
  for f in vmlinux vmlinuz initrd.img rootfs.img; do
    [ -f "$dir/$f" ] || return 1
    size=$(sed -n "s/.*\"$f\": {\"sha256\": \"[0-9a-f]*\", \"size\": \([0-9]*\)}.*/\1/p" "$dir/manifest.json")
    sum=$(sed -n "s/.*\"$f\": {\"sha256\": \"\([0-9a-f]*\)\".*/\1/p" "$dir/manifest.json")
    [ -n "$size" ] && [ -n "$sum" ] || return 1
    [ "$(stat -c %s "$dir/$f")" = "$size" ] || return 1
    [ "$(sha256sum <"$dir/$f" | cut -d' ' -f1)" = "$sum" ] || return 1
  done
}

set_current() {
  [ -n "$images" ] || return 0
  ln -sfn "$key" "$images/.current.$$"
  mv -T "$images/.current.$$" "$images/current"
}

if [ "$force" = 0 ] && [ -d "$dest" ]; then
  if grep -q "\"key\": \"$key\"" "$dest/manifest.json" 2>/dev/null && verify_image "$dest"; then
    set_current
    [ -n "$images" ] && give_to_owner "$images/current"
    say "up to date: $dest"
    echo "$dest"
    exit 0
  fi
  say "$dest is not an up-to-date image (key $key); rebuilding"
fi

# ------------------------------------------------------------------ work dirs
start=$(date +%s)
work=$(mktemp -d "${TMPDIR:-/var/tmp}/berth-image.XXXXXX")
stage=$(mktemp -d "$(dirname "$dest")/.build-$key.XXXXXX")
cleanup() {
  local rc=$?
  # never leave the build's mounts behind
  for m in proc sys dev; do mountpoint -q "$work/root/$m" 2>/dev/null && umount -l "$work/root/$m"; done
  rm -rf "$stage"
  if [ "$keep_work" = 1 ]; then say "work directory kept: $work"; else rm -rf "$work"; fi
  [ "$rc" = 0 ] || echo "build-image: FAILED (exit $rc)" >&2
}
trap cleanup EXIT
root=$work/root
step() { say "[$(($(date +%s) - start))s] $*"; }

# ------------------------------------------------------------------ debootstrap
debs=$cache/debs
mkdir -p "$debs"
step "debootstrap $SUITE (${PACKAGES[*]})"
include=$(
  IFS=,
  echo "${PACKAGES[*]}"
)
if ! debootstrap --variant=minbase --include="$include" --cache-dir="$debs" \
  "$SUITE" "$root" "$MIRROR" >"$work/debootstrap.log" 2>&1; then
  tail -n 30 "$work/debootstrap.log" >&2
  [ -f "$root/debootstrap/debootstrap.log" ] && tail -n 30 "$root/debootstrap/debootstrap.log" >&2
  die "debootstrap failed (log above; is $MIRROR reachable?)"
fi
# keep the deb cache from growing without bound: only the versions just used
find "$debs" -name '*.deb' -mtime +30 -delete 2>/dev/null || true

kver=$(basename "$(ls -d "$root"/usr/lib/modules/*/ | head -n 1)")
[ -n "$kver" ] && [ -f "$root/boot/vmlinuz-$kver" ] || die "no kernel found in the debootstrap tree"
docker_version=$(chroot "$root" /usr/sbin/dockerd --version | sed -n 's/^Docker version \([^,]*\),.*/\1/p')
[ -n "$docker_version" ] || die "cannot read the dockerd version"
busybox=$root/usr/bin/busybox
[ -x "$busybox" ] || die "busybox missing from the tree (busybox-static)"
moddir=$root/usr/lib/modules/$kver

# extract_vmlinux BZIMAGE OUT: the payload's offset and length are in the
# bzImage setup header (payload_offset at 0x248, payload_length at 0x24c,
# setup_sects at 0x1f1).
le32() { od -An -tu4 -j "$2" -N 4 "$1" | tr -d ' '; }
extract_vmlinux() {
  local bz=$1 out=$2 sects off len magic
  sects=$(od -An -tu1 -j $((0x1f1)) -N 1 "$bz" | tr -d ' ')
  [ "$sects" -gt 0 ] || sects=4
  off=$(((sects + 1) * 512 + $(le32 "$bz" $((0x248)))))
  len=$(le32 "$bz" $((0x24c)))
  magic=$(od -An -tx1 -j "$off" -N 4 "$bz" | tr -d ' ')
  case "$magic" in
    28b52ffd) tail -c +$((off + 1)) "$bz" | head -c "$len" | zstd -dcq 2>/dev/null >"$out" || true ;;
    fd377a58) tail -c +$((off + 1)) "$bz" | head -c "$len" | "$busybox" unxz -c 2>/dev/null >"$out" || true ;;
    1f8b*) tail -c +$((off + 1)) "$bz" | head -c "$len" | "$busybox" gunzip -c 2>/dev/null >"$out" || true ;;
    *) die "unknown kernel payload compression (magic $magic)" ;;
  esac
  # an ELF with a Xen PVH note (XEN_ELFNOTE_PHYS32_ENTRY)
  [ "$(head -c 4 "$out" | od -An -tx1 | tr -d ' ')" = 7f454c46 ] || die "could not extract vmlinux from $bz"
  if [ "$magic" = 28b52ffd ]; then # the kernel appends the decompressed size
    [ "$(stat -c %s "$out")" = "$(le32 "$bz" $((off + len - 4)))" ] || die "vmlinux extraction is truncated"
  fi
  grep -q Xen "$out" || die "the kernel has no PVH entry point (CONFIG_PVH)"
}

# ------------------------------------------------------------------ initramfs
step "initramfs (kernel $kver)"
ird=$work/initramfs
mkdir -p "$ird"/{bin,dev,proc,sys,run,newroot,etc,lib/modules,lib/modules/late}
cp "$busybox" "$ird/bin/busybox"
for applet in $("$busybox" --list); do
  [ -e "$ird/bin/$applet" ] || ln -s busybox "$ird/bin/$applet"
done
install -m 0755 "$here/initramfs-init" "$ird/init"
echo "$ROOTFS_FORMAT" >"$ird/etc/berth-rootfstype"
# Resolve dependencies: modules.dep lists, for each module, all it depends on
# (load those first, last-listed first). Modules go decompressed (busybox
# insmod reads plain .ko) into lib/modules (loaded by /init) or
# lib/modules/late (handed to berth-init); each list is in load order.
: >"$ird/lib/modules/load-order"
: >"$ird/lib/modules/late/load-order"
declare -A loaded=()
mod_dest=$ird/lib/modules
add_module() {
  local name=$1 line path deps d i pattern
  # module names treat - and _ alike (virtio_rng is virtio-rng.ko)
  pattern=$(echo "$name" | sed 's/[-_]/[-_]/g')
  line=$(grep -E "/${pattern}\.ko(\.[a-z]+)?:" "$moddir/modules.dep" | head -n 1) || true
  if [ -z "$line" ]; then
    grep -qE "/${pattern}\.ko\$" "$moddir/modules.builtin" && return 0
    die "module $name not found for kernel $kver"
  fi
  path=${line%%:*}
  name=$(basename "$path")
  name=${name%%.ko*}
  read -r -a deps <<<"${line#*:}"
  for ((i = ${#deps[@]} - 1; i >= 0; i--)); do
    d=$(basename "${deps[$i]}")
    add_module "${d%%.ko*}"
  done
  [ -n "${loaded[$name]:-}" ] && return 0
  loaded[$name]=1
  case "$path" in
    *.ko.xz) "$busybox" unxz -c "$moddir/$path" >"$mod_dest/$name.ko" ;;
    *.ko.gz) "$busybox" gunzip -c "$moddir/$path" >"$mod_dest/$name.ko" ;;
    *.ko.zst) zstd -q -d -c "$moddir/$path" >"$mod_dest/$name.ko" ;;
    *.ko) cp "$moddir/$path" "$mod_dest/$name.ko" ;;
  esac
  echo "$name.ko" >>"$mod_dest/load-order"
}
for m in "${INITRD_MODULES[@]}"; do add_module "$m"; done
mod_dest=$ird/lib/modules/late
for m in "${DOCKER_MODULES[@]}"; do add_module "$m"; done
mknod -m 0600 "$ird/dev/console" c 5 1
# Uncompressed: a ~2 MB cpio is copied into guest memory faster than it is
# inflated under TCG.
(cd "$ird" && find . -mindepth 1 | LC_ALL=C sort | "$busybox" cpio -o -H newc -R 0:0 2>/dev/null) >"$stage/initrd.img"
cp "$root/boot/vmlinuz-$kver" "$stage/vmlinuz"
# vmlinux: the same kernel, decompressed, as an ELF with a PVH entry point.
# QEMU boots it directly (-kernel vmlinux), skipping the firmware's real-mode
# loader and the in-guest decompression: ~1 s less under TCG.
extract_vmlinux "$stage/vmlinuz" "$stage/vmlinux"

# ------------------------------------------------------------------ rootfs
step "rootfs: configure and trim"
install -m 0755 "$here/guest-init" "$root/sbin/berth-init"
# The port forwarder's guest end; static, so it needs nothing from the image.
gcc -O2 -Wall -static -pthread -o "$work/berth-portd" "$here/agent/berth-portd.c" 2>"$work/agent-build.log" ||
  { cat "$work/agent-build.log" >&2; die "building agent/berth-portd.c failed"; }
install -D -m 0755 "$work/berth-portd" "$root/usr/local/bin/berth-portd"
mkdir -p "$root/etc/berth" "$root/etc/docker" "$root/mnt/data" "$root/usr/local/sbin" \
  "$root/var/lib/docker" "$root/var/lib/containerd"
echo "$docker_version" >"$root/etc/berth/docker-version"
printf 'name=berth-guest\nkey=%s\nsuite=%s\nkernel=%s\ndocker=%s\n' "$key" "$SUITE" "$kver" "$docker_version" \
  >"$root/etc/berth/image"
# Root's home and Berth's key live on the guest's own /run: a host folder
# shared at /root (a root user's home) must never shadow them, nor receive
# the guest's key.
sed -i 's#^root:\([^:]*\):0:0:\([^:]*\):/root:#root:\1:0:0:\2:/run/berth/home:#' "$root/etc/passwd"
grep -q '^root:[^:]*:0:0:[^:]*:/run/berth/home:' "$root/etc/passwd" || { echo "build-image: could not move root's home" >&2; exit 1; }
cat >"$root/etc/ssh/sshd_config" <<'EOF'
# Berth guest: key-only root access for the host's guest channel.
Port 22
HostKey /mnt/data/ssh/ssh_host_ed25519_key
PermitRootLogin prohibit-password
PubkeyAuthentication yes
AuthorizedKeysFile /run/berth/authorized_keys
PasswordAuthentication no
KbdInteractiveAuthentication no
PermitEmptyPasswords no
UsePAM no
UseDNS no
AllowTcpForwarding yes
AllowStreamLocalForwarding yes
StreamLocalBindUnlink yes
X11Forwarding no
PrintMotd no
PrintLastLog no
PidFile /run/sshd.pid
MaxStartups 64:30:128
MaxSessions 64
ClientAliveInterval 30
Subsystem sftp /usr/lib/openssh/sftp-server
EOF
# containerd runs on its own, started by berth-init before dockerd: when
# dockerd launches it, dockerd's gRPC client sits in reconnect back-off for
# seconds after containerd is up. Plugins Docker does not use are off (aufs
# would even exec modprobe at every start).
mkdir -p "$root/etc/containerd"
cat >"$root/etc/containerd/config.toml" <<'EOF'
# Berth guest: containerd for dockerd (started by /sbin/berth-init).
version = 2
root = "/var/lib/containerd"
state = "/run/containerd"
disabled_plugins = [
  "io.containerd.grpc.v1.cri",
  "io.containerd.snapshotter.v1.aufs",
  "io.containerd.snapshotter.v1.btrfs",
  "io.containerd.snapshotter.v1.zfs",
  "io.containerd.snapshotter.v1.devmapper",
  "io.containerd.snapshotter.v1.blockfile",
  "io.containerd.tracing.processor.v1.otlp",
  "io.containerd.internal.v1.tracing",
]

[grpc]
  address = "/run/containerd/containerd.sock"

[plugins."io.containerd.internal.v1.opt"]
  path = "/var/lib/containerd/opt"
EOF
# There is no service manager: poweroff/halt/shutdown ask berth-init (via PID
# 1, tini, which forwards the signal) to stop Docker cleanly and power off.
for cmd in poweroff halt shutdown; do
  printf '#!/bin/sh\n# Berth guest: graceful power-off through berth-init.\nexec kill -TERM 1\n' >"$root/usr/local/sbin/$cmd"
  chmod 0755 "$root/usr/local/sbin/$cmd"
done
printf 'berth\n' >"$root/etc/hostname"
: >"$root/etc/fstab"
# no shared secrets or identities in the image
rm -f "$root"/etc/ssh/ssh_host_* "$root/var/lib/dbus/machine-id"
: >"$root/etc/machine-id"
# trim: docs, man pages, locales, apt lists and caches, /boot (kernel and the
# Debian initramfs are not used from inside), logs
rm -rf "$root"/usr/share/{doc,man,info,locale,lintian,linda,common-licenses}/* \
  "$root"/var/lib/apt/lists/* "$root"/var/cache/apt/* "$root"/var/cache/debconf/*-old \
  "$root"/var/cache/ldconfig/* "$root"/var/lib/dpkg/*-old "$root"/boot/* \
  "$root"/usr/share/initramfs-tools "$root"/etc/initramfs-tools "$root"/debootstrap \
  "$root"/var/log/* "$root"/tmp/* "$root"/var/tmp/* "$root"/root/.bash_history
find "$root/usr/lib/python3"* -name __pycache__ -prune -exec rm -rf {} + 2>/dev/null || true
# Not used without udev / by Docker 26 (which runs containers with the runc v2
# shim): udev's hardware database (pulled in by initramfs-tools) and the
# legacy v1 shims.
rm -rf "$root"/usr/lib/udev/hwdb.bin "$root"/usr/lib/udev/hwdb.d \
  "$root"/usr/bin/containerd-shim "$root"/usr/bin/containerd-shim-runc-v1

step "rootfs: $ROOTFS_FORMAT"
if [ "$ROOTFS_FORMAT" = erofs ]; then
  # Uncompressed erofs: under TCG, reading pages straight from the virtio disk
  # beats decompressing them with emulated instructions (see README.md).
  mkfs.erofs --quiet "$stage/rootfs.img" "$root" >/dev/null
else
  mksquashfs "$root" "$stage/rootfs.img" -noappend -comp lz4 -b 128K -no-progress -quiet >/dev/null
fi

# ------------------------------------------------------------------ manifest
step "manifest"
part() {
  printf '"%s": {"sha256": "%s", "size": %s}' "$1" "$(sha256sum <"$stage/$1" | cut -d' ' -f1)" "$(stat -c %s "$stage/$1")"
}
created=$(date -u +%Y-%m-%dT%H:%M:%SZ)
cat >"$stage/manifest.json" <<EOF
{
  "name": "berth-guest",
  "version": "$(date -u +%Y%m%d)-$key",
  "key": "$key",
  "suite": "$SUITE",
  "arch": "x86_64",
  "kernel": "$kver",
  "docker": "$docker_version",
  "rootfsType": "$ROOTFS_FORMAT",
  "guestProtocol": $GUEST_PROTOCOL,
  "createdAt": "$created",
  "files": {
    $(part vmlinux),
    $(part vmlinuz),
    $(part initrd.img),
    $(part rootfs.img)
  }
}
EOF
chmod 0644 "$stage"/*
chmod 0755 "$stage"
verify_image "$stage" || die "the freshly built image does not verify (bug)"

# ------------------------------------------------------------------ publish
if [ -e "$dest" ]; then
  old=$(dirname "$dest")/.old-$key.$$
  mv -T "$dest" "$old"
  rm -rf "$old"
fi
mv -T "$stage" "$dest"
set_current
if [ -n "$images" ]; then give_to_owner "$cache" "$images" "$dest" "$images/current" "$debs"; else give_to_owner "$dest"; fi
step "done: $(du -sh "$dest" | cut -f1) in $dest"
ls -l "$dest" | sed 's/^/  /'
echo "$dest"
