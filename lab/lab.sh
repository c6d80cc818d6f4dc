#!/usr/bin/env bash
# A real multi-node Docker Swarm on one Linux machine (see REQUIREMENTS.md §5).
# Each node = a network namespace on a host bridge + private mount/UTS namespaces held open by a
# long-lived "holder" process, running its own dockerd (with its own containerd) and sshd.
#
#   bash lab/lab.sh up [NODES=3] [MANAGERS=1] | down | status | node-add
#   bash lab/lab.sh engine-stop|engine-start|partition|heal|sshd-stop|sshd-kill|sshd-start|slow|fast NODE
#   bash lab/lab.sh exec NODE -- CMD...
# NODE is a node name (<lab>-nN), nN or N.  Env: LAB_NAME (swl), LAB_SUBNET (10.231.0), LAB_DIR (/var/lib/swarm-lab).
# Word splitting of command output is safe here: names and paths are validated to contain no whitespace.
# shellcheck disable=SC2013,SC2044
set -euo pipefail

LAB_NAME=${LAB_NAME:-swl}
LAB_SUBNET=${LAB_SUBNET:-10.231.0}
LAB_DIR=${LAB_DIR:-/var/lib/swarm-lab}
LAB=$LAB_DIR/$LAB_NAME
IMAGE=lab/busybox:latest
# The Debian CLI matches the 20.10 daemons; the newer CLI on PATH also works if it is the only one.
if [[ -x /usr/bin/docker ]]; then DOCKER=/usr/bin/docker; else DOCKER=docker; fi

die() { echo "lab: $*" >&2; exit 1; }
log() { echo "lab[$LAB_NAME]: $*" >&2; }

usage() {
  sed -n '6,9p' "$0" | sed 's/^# \{0,1\}//' >&2
  exit 2
}

require_platform() {
  if [[ $(uname -s) != Linux || $EUID -ne 0 ]]; then
    cat >&2 <<EOF
lab.sh needs Linux and root: it creates network namespaces, a bridge, veth pairs and an iptables rule,
and runs one dockerd and one sshd per node. Run it as root, e.g.: sudo bash lab/lab.sh $*
(packages, installed automatically with apt-get when missing: docker.io containerd runc openssh-server
openssh-client busybox-static iproute2 iptables util-linux)
EOF
    exit 2
  fi
}

require_packages() {
  local -A need=()
  command -v dockerd >/dev/null || need[docker.io]=1
  command -v "$DOCKER" >/dev/null || need[docker.io]=1
  command -v containerd >/dev/null || need[containerd]=1
  command -v runc >/dev/null || need[runc]=1
  [[ -x /usr/sbin/sshd ]] || need[openssh-server]=1
  command -v ssh-keygen >/dev/null || need[openssh-client]=1
  # The image needs the static busybox (the dynamic "busybox" package would not run in an empty rootfs).
  dpkg-query -W -f='${Status}' busybox-static 2>/dev/null | grep -q 'ok installed' || need[busybox-static]=1
  command -v ip >/dev/null || need[iproute2]=1
  command -v iptables >/dev/null || need[iptables]=1
  command -v nsenter >/dev/null && command -v unshare >/dev/null && command -v setsid >/dev/null || need[util-linux]=1
  ((${#need[@]} == 0)) && return
  command -v apt-get >/dev/null || die "missing packages (${!need[*]}) and no apt-get to install them"
  log "installing ${!need[*]}"
  DEBIAN_FRONTEND=noninteractive apt-get update -q >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${!need[@]}" >&2
  if [[ -x /usr/bin/docker ]]; then DOCKER=/usr/bin/docker; fi
}

validate_config() {
  [[ $LAB_NAME =~ ^[a-z0-9][a-z0-9-]{0,30}$ ]] || die "LAB_NAME must match [a-z0-9][a-z0-9-]{0,30}: '$LAB_NAME'"
  [[ $LAB_SUBNET =~ ^([0-9]{1,3})\.([0-9]{1,3})\.([0-9]{1,3})$ ]] || die "LAB_SUBNET must be three octets like 10.231.0: '$LAB_SUBNET'"
  [[ $LAB_DIR =~ ^/[A-Za-z0-9._/-]+$ ]] || die "LAB_DIR must be an absolute path of [A-Za-z0-9._/-]: '$LAB_DIR'"
}

# Interface names are limited to 15 chars: long lab names are shortened to 4 chars + a 5-digit hash.
if ((${#LAB_NAME} <= 9)); then
  PREFIX=$LAB_NAME
else
  PREFIX=${LAB_NAME:0:4}$(printf %s "$LAB_NAME" | cksum | cut -c1-5)
fi
BRIDGE=$PREFIX-br
RULE_COMMENT=swarm-lab:$LAB_NAME
CGROUP_PARENT=/swarm-lab/$LAB_NAME

# ---------------------------------------------------------------------------------------------
# Node helpers

node_dir() { echo "$LAB/n$1"; }
node_ns() { echo "$LAB_NAME-n$1"; }
node_sock() { echo "$LAB/n$1/docker.sock"; }
dk() { local i=$1; shift; "$DOCKER" -H "unix://$(node_sock "$i")" "$@"; }

# Existing node indexes, ascending.
node_indexes() {
  local d
  for d in "$LAB"/n[0-9]*; do
    if [[ -f $d/ip ]]; then echo "${d##*/n}"; fi
  done | sort -n
}

# Accepts <lab>-nN, nN or N; prints N.
resolve_node() {
  local arg=$1 i
  case $arg in
    "$LAB_NAME"-n[0-9]*) i=${arg#"$LAB_NAME"-n} ;;
    n[0-9]*) i=${arg#n} ;;
    *) i=$arg ;;
  esac
  [[ $i =~ ^[0-9]+$ && -f $LAB/n$i/ip ]] || die "no node '$arg' in lab $LAB_NAME (nodes: $(node_indexes | sed "s/^/$LAB_NAME-n/" | tr '\n' ' '))"
  echo "$i"
}

# Alive and not a zombie (reparented daemons may linger as zombies until their reaper collects them).
alive() {
  local stat
  stat=$(cat "/proc/$1/stat" 2>/dev/null) || return 1
  stat=${stat##*) }
  [[ ${stat:0:1} != Z ]]
}

pidfile_pid() {
  local pid
  pid=$(cat "$1" 2>/dev/null) || return 1
  [[ $pid =~ ^[0-9]+$ ]] && alive "$pid" && echo "$pid"
}

# Prints the pid of the node's holder, checked by its argv[0] (pids get reused).
holder_running() {
  local nd pid argv0
  nd=$(node_dir "$1")
  pid=$(pidfile_pid "$nd/holder.pid") || return 1
  IFS= read -r -d '' argv0 <"/proc/$pid/cmdline" || return 1
  [[ $argv0 == "$nd/holder" ]] && echo "$pid"
}

holder_pid() {
  holder_running "$1" || die "node $(node_ns "$1") has no running holder process; run 'up' again"
}

# Waits until none of the given pids is alive; returns 1 on timeout.
wait_gone() {
  local timeout=$1 p left; shift
  local deadline=$((SECONDS + timeout))
  while :; do
    left=0
    for p in "$@"; do if alive "$p"; then left=1; break; fi; done
    ((left)) || return 0
    ((SECONDS < deadline)) || return 1
    sleep 0.2
  done
}

wait_for() { # wait_for SECONDS DESCRIPTION CMD...
  local timeout=$1 what=$2; shift 2
  local deadline=$((SECONDS + timeout))
  until "$@" >/dev/null 2>&1; do
    ((SECONDS < deadline)) || die "timed out after ${timeout}s waiting for $what"
    sleep 0.2
  done
}

engine_answers() { timeout 5 "$DOCKER" -H "unix://$(node_sock "$1")" version --format '{{.Server.Version}}'; }
sshd_answers() { timeout 2 bash -c "exec 3<>/dev/tcp/$1/22"; }

start_dockerd() {
  local i=$1 nd holder
  nd=$(node_dir "$i")
  holder=$(holder_pid "$i")
  # exec-root and the containerd that dockerd starts live in the node's private /run; the second -H
  # socket is in the lab dir so the host can reach each engine. Containers go into a per-node cgroup
  # so that leftovers of a killed lab can be found. The cgroupfs driver avoids needing systemd's
  # D-Bus socket, which the private /run hides.
  setsid -f nsenter -t "$holder" --net --mount --uts -- \
    env DOCKER_SERVICE_PREFER_OFFLINE_IMAGE=1 dockerd \
    --data-root "$nd/docker" --exec-root /run/docker --pidfile "$nd/dockerd.pid" \
    -H unix:///var/run/docker.sock -H "unix://$nd/docker.sock" \
    --iptables=false --ip-masq=false --bridge=none \
    --exec-opt native.cgroupdriver=cgroupfs --cgroup-parent "$CGROUP_PARENT/n$i" \
    </dev/null >>"$nd/dockerd.log" 2>&1
}

start_sshd() {
  local i=$1 nd holder
  nd=$(node_dir "$i")
  holder=$(holder_pid "$i")
  setsid -f nsenter -t "$holder" --net --mount --uts -- \
    /usr/sbin/sshd -f "$nd/sshd_config" -E "$nd/sshd.log" </dev/null >/dev/null 2>&1
}

write_sshd_config() {
  local i=$1 ip=$2 nd; nd=$(node_dir "$i")
  cat >"$nd/sshd_config" <<EOF
# sshd of lab node $(node_ns "$i"): root with the lab key only.
ListenAddress $ip:22
HostKey $nd/ssh_host_ed25519_key
PidFile $nd/sshd.pid
AuthorizedKeysFile $LAB/authorized_keys
PermitRootLogin prohibit-password
PubkeyAuthentication yes
PasswordAuthentication no
KbdInteractiveAuthentication no
# No PAM stack for a throwaway node; StrictModes off because the lab dir is not a home directory.
UsePAM no
StrictModes no
# Clients reach the node's /var/run/docker.sock through a forwarded Unix socket.
AllowStreamLocalForwarding yes
AllowTcpForwarding yes
# Panels and tests open many connections/channels at once.
MaxStartups 100
MaxSessions 100
PrintMotd no
Subsystem sftp internal-sftp
EOF
}

# Creates namespaces, veth, holder, dockerd and sshd of node N (does not wait for the engine).
create_node() {
  local i=$1 ns ip nd hv=$PREFIX-v$1 pv=$PREFIX-p$1
  ns=$(node_ns "$i"); ip=$LAB_SUBNET.$((10 + i)); nd=$(node_dir "$i")
  ((10 + i <= 254)) || die "node index $i is out of the subnet"
  mkdir -p "$nd"
  ip netns add "$ns"
  ip link add "$hv" type veth peer name "$pv"
  ip link set "$hv" master "$BRIDGE" up
  ip link set "$pv" netns "$ns"
  ip -n "$ns" link set "$pv" name eth0
  ip -n "$ns" addr add "$ip/24" dev eth0
  ip -n "$ns" link set eth0 up
  ip -n "$ns" link set lo up
  ssh-keygen -q -t ed25519 -N '' -C "$ns" -f "$nd/ssh_host_ed25519_key"
  write_sshd_config "$i" "$ip"
  echo "$ip" >"$nd/ip"
  echo none >"$nd/role"
  # The holder keeps the node's mount/UTS namespaces alive so engines can be stopped and started
  # again in the same namespaces. `ip netns exec` is not used: it remounts /sys and dockerd then fails
  # with "Devices cgroup isn't mounted". Inside: drop the copies of the host's /run/netns mounts (they
  # would keep other labs' namespaces alive) and give the node its own /run (docker.sock, containerd,
  # sshd). argv[0] carries the node dir so a leftover holder can be found by its cmdline.
  # shellcheck disable=SC2016
  setsid -f nsenter --net="/run/netns/$ns" unshare --mount --uts --propagation private -- bash -c '
    set -e
    umount -l /run/netns 2>/dev/null || true
    mount -t tmpfs -o mode=755 tmpfs /run
    mkdir -m 755 /run/sshd
    hostname "$1"
    echo $$ >"$2/holder.pid.tmp"
    mv "$2/holder.pid.tmp" "$2/holder.pid"
    exec -a "$2/holder" sleep infinity' holder "$ns" "$nd" </dev/null >"$nd/holder.log" 2>&1
  wait_for 10 "the holder of $ns (see $nd/holder.log)" holder_running "$i"
  start_dockerd "$i"
  start_sshd "$i"
}

build_image() {
  local tmp rootfs busybox
  busybox=$(dpkg-query -L busybox-static | grep -m1 -E '/bin/busybox$')
  tmp=$(mktemp -d)
  rootfs=$tmp/rootfs
  mkdir -p "$rootfs"/{bin,etc,root,tmp,proc,sys,dev,var}
  chmod 1777 "$rootfs/tmp"
  cp "$busybox" "$rootfs/bin/busybox"
  # Run the installer chrooted: outside, its symlinks would point at this temp dir.
  chroot "$rootfs" /bin/busybox --install -s /bin
  printf 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/false\n' >"$rootfs/etc/passwd"
  printf 'root:x:0:\nnogroup:x:65534:\n' >"$rootfs/etc/group"
  tar -C "$rootfs" -c . >"$LAB/busybox.tar"
  rm -rf "$tmp"
}

import_image() { dk "$1" import -c 'CMD ["sh"]' - "$IMAGE" <"$LAB/busybox.tar" >/dev/null; }

# Brings a created node to "engine answers, image imported, sshd listening".
finish_node() {
  local i=$1 ip; ip=$(cat "$(node_dir "$i")/ip")
  wait_for 60 "dockerd of $(node_ns "$i") (see $(node_dir "$i")/dockerd.log)" engine_answers "$i"
  import_image "$i"
  wait_for 20 "sshd of $(node_ns "$i") (see $(node_dir "$i")/sshd.log)" sshd_answers "$ip"
}

write_state() {
  local i nd sep='' tmp=$LAB/state.json.tmp
  {
    printf '{"name":"%s","subnet":"%s","bridge":"%s","dir":"%s","sshKeyPath":"%s","sshUser":"root","nodes":[\n' \
      "$LAB_NAME" "$LAB_SUBNET" "$BRIDGE" "$LAB" "$LAB/id_ed25519"
    for i in $(node_indexes); do
      nd=$(node_dir "$i")
      printf '%s  {"name":"%s","index":%d,"ip":"%s","role":"%s","socket":"%s","holderPid":%d}' "$sep" \
        "$(node_ns "$i")" "$i" "$(cat "$nd/ip")" "$(cat "$nd/role")" "$nd/docker.sock" "$(cat "$nd/holder.pid")"
      sep=$',\n'
    done
    printf '\n]}\n'
  } >"$tmp"
  mv "$tmp" "$LAB/state.json"
}

load_lab() {
  [[ -f $LAB/lab.env ]] || die "no lab '$LAB_NAME' at $LAB (run: bash lab/lab.sh up)"
  # shellcheck source=/dev/null
  source "$LAB/lab.env"
}

# ---------------------------------------------------------------------------------------------
# Cleanup: everything of a lab of this name, whether it was stopped cleanly or its processes were
# killed (then namespaces, shims, containers, bridge and rule remain).

# Prints the pids of all processes that belong to the lab.
lab_pids() {
  local self_net self_mnt f pid ino id
  local -A seeds=() nsids=()
  self_net=$(readlink /proc/self/ns/net)
  self_mnt=$(readlink /proc/self/ns/mnt)
  # Pid files, accepted only for processes outside the host's network namespace (pids get reused).
  for f in "$LAB"/n[0-9]*/{holder,dockerd,sshd}.pid; do
    pid=$(pidfile_pid "$f") || continue
    if [[ $(readlink "/proc/$pid/ns/net" 2>/dev/null) != "$self_net" ]]; then seeds[$pid]=1; fi
  done
  # Daemons by their data-root / config / holder argv[0] in the cmdline.
  for f in $(grep -lsaP "(^|\\x00)\\Q$LAB\\E/n[0-9]+/(docker|sshd_config|holder)(\\x00|\$)" /proc/[0-9]*/cmdline); do
    pid=${f#/proc/}; seeds[${pid%/cmdline}]=1
  done
  # Containers, by the per-node cgroup parent.
  for f in $(find /sys/fs/cgroup/swarm-lab/"$LAB_NAME" /sys/fs/cgroup/*/swarm-lab/"$LAB_NAME" -name cgroup.procs 2>/dev/null); do
    for pid in $(cat "$f"); do seeds[$pid]=1; done
  done
  # Everything sharing a network or mount namespace with those (containerd, shims, ssh sessions) or
  # living in one of the lab's named network namespaces.
  for pid in "${!seeds[@]}"; do
    for f in net mnt; do
      id=$(readlink "/proc/$pid/ns/$f" 2>/dev/null) || continue
      if [[ $id != "$self_net" && $id != "$self_mnt" ]]; then nsids[$id]=1; fi
    done
  done
  for f in /run/netns/"$LAB_NAME"-n[0-9]*; do
    [[ -e $f ]] || continue
    if ino=$(stat -L -c %i "$f" 2>/dev/null); then nsids["net:[$ino]"]=1; fi
  done
  {
    for pid in "${!seeds[@]}"; do echo "$pid"; done
    if ((${#nsids[@]})); then
      # (processes exit while find runs, and pid 1's links are unreadable: ignore its status)
      { find /proc/[0-9]*/ns -maxdepth 1 \( -name net -o -name mnt \) -printf '%h %l\n' 2>/dev/null || true; } |
        while read -r f id; do
          if [[ -n $id && -n ${nsids[$id]:-} ]]; then f=${f#/proc/}; echo "${f%/ns}"; fi
        done
    fi
  } | sort -un | while read -r pid; do
    if alive "$pid"; then echo "$pid"; fi
  done
}

stop_processes() {
  local pids=() dockerds=() pid round
  mapfile -t pids < <(lab_pids)
  ((${#pids[@]})) || return 0
  # dockerd first, with SIGTERM: it stops its containers and containerd cleanly.
  for pid in "${pids[@]}"; do
    if [[ $(readlink "/proc/$pid/exe" 2>/dev/null) == */dockerd ]]; then dockerds+=("$pid"); fi
  done
  if ((${#dockerds[@]})); then
    kill -TERM "${dockerds[@]}" 2>/dev/null || true
    wait_gone 45 "${dockerds[@]}" || log "dockerd did not stop within 45s"
  fi
  mapfile -t pids < <(lab_pids)
  ((${#pids[@]})) || return 0
  kill -TERM "${pids[@]}" 2>/dev/null || true
  wait_gone 5 "${pids[@]}" && return 0
  # Last resort: whatever survived SIGTERM (a killed lab leaves containerd-shims and containers behind;
  # a container's init ignores SIGTERM when it has no handler).
  for round in 1 2 3; do
    mapfile -t pids < <(lab_pids)
    ((${#pids[@]})) || return 0
    log "SIGKILL (round $round): ${pids[*]}"
    kill -KILL "${pids[@]}" 2>/dev/null || true
    wait_gone 10 "${pids[@]}" || true
  done
  mapfile -t pids < <(lab_pids)
  ((${#pids[@]} == 0)) || die "processes of lab $LAB_NAME survived SIGKILL: ${pids[*]}"
}

cleanup_lab() {
  local m ns link d
  stop_processes
  # Mounts under the lab dir in the host's namespace (the nodes' own mounts die with them).
  for m in $(awk -v p="$LAB/" 'index($5, p) == 1 { print $5 }' /proc/self/mountinfo | sort -r); do
    umount -l "$m" || true
  done
  for ns in $(ip netns list | awk '{ print $1 }' | grep -E "^$LAB_NAME-n[0-9]+\$" || true); do
    ip netns delete "$ns"
  done
  # Host-side veths (deleting one end removes the pair) and the bridge.
  for link in $(ip -o link show | awk -F': ' '{ sub(/@.*/, "", $2); print $2 }' | grep -E "^$PREFIX-[vp][0-9]+\$" || true); do
    ip link delete "$link" 2>/dev/null || true
  done
  if ip link show "$BRIDGE" >/dev/null 2>&1; then ip link delete "$BRIDGE"; fi
  while iptables -D FORWARD -i "$BRIDGE" -o "$BRIDGE" -m comment --comment "$RULE_COMMENT" -j ACCEPT 2>/dev/null; do :; done
  for d in /sys/fs/cgroup/swarm-lab/"$LAB_NAME" /sys/fs/cgroup/*/swarm-lab/"$LAB_NAME"; do
    [[ -d $d ]] || continue
    find "$d" -depth -type d -exec rmdir {} + 2>/dev/null || true
    rmdir "${d%/*}" 2>/dev/null || true
  done
}

# ---------------------------------------------------------------------------------------------
# Commands

cmd_up() {
  local nodes=${1:-3} managers=${2:-1} i started=$SECONDS pids=() ip1 mtoken wtoken p
  [[ $nodes =~ ^[1-9][0-9]*$ && $managers =~ ^[1-9][0-9]*$ ]] || die "usage: up [NODES>=1] [MANAGERS>=1]"
  ((managers <= nodes)) || die "MANAGERS ($managers) > NODES ($nodes)"
  if [[ -d $LAB || -e /run/netns/$LAB_NAME-n1 ]] || ip link show "$BRIDGE" >/dev/null 2>&1; then
    log "removing leftovers of an earlier lab"
  fi
  cleanup_lab
  # Keep the lab key across ups so clients configured with it keep working; everything else is new.
  if [[ -d $LAB ]]; then
    find "$LAB" -mindepth 1 -maxdepth 1 ! -name 'id_ed25519*' ! -name authorized_keys -exec rm -rf {} +
  fi
  mkdir -p "$LAB"
  chmod 700 "$LAB"
  [[ -f $LAB/id_ed25519 ]] || ssh-keygen -q -t ed25519 -N '' -C "swarm-lab-$LAB_NAME" -f "$LAB/id_ed25519"
  cp "$LAB/id_ed25519.pub" "$LAB/authorized_keys"
  printf 'LAB_SUBNET=%s\n' "$LAB_SUBNET" >"$LAB/lab.env"

  ip link add "$BRIDGE" type bridge
  ip addr add "$LAB_SUBNET.1/24" dev "$BRIDGE"
  ip link set "$BRIDGE" up
  # Bridged traffic traverses FORWARD (br_netfilter); a DROP policy (e.g. from a host dockerd) would cut nodes apart.
  if iptables -S FORWARD | grep -qx -- '-P FORWARD DROP'; then
    iptables -I FORWARD -i "$BRIDGE" -o "$BRIDGE" -m comment --comment "$RULE_COMMENT" -j ACCEPT
  fi

  build_image
  for ((i = 1; i <= nodes; i++)); do create_node "$i"; done
  for ((i = 1; i <= nodes; i++)); do finish_node "$i" & pids+=($!); done
  for p in "${pids[@]}"; do wait "$p" || die "a node failed to start"; done

  ip1=$(cat "$(node_dir 1)/ip")
  dk 1 swarm init --advertise-addr "$ip1" >/dev/null
  echo manager >"$(node_dir 1)/role"
  mtoken=$(dk 1 swarm join-token -q manager)
  wtoken=$(dk 1 swarm join-token -q worker)
  # Managers join one at a time (each join changes the raft membership); workers in parallel.
  for ((i = 2; i <= managers; i++)); do
    dk "$i" swarm join --token "$mtoken" --advertise-addr "$(cat "$(node_dir "$i")/ip")" "$ip1:2377" >/dev/null
    echo manager >"$(node_dir "$i")/role"
  done
  pids=()
  for ((i = managers + 1; i <= nodes; i++)); do
    { dk "$i" swarm join --token "$wtoken" --advertise-addr "$(cat "$(node_dir "$i")/ip")" "$ip1:2377" >/dev/null &&
      echo worker >"$(node_dir "$i")/role"; } &
    pids+=($!)
  done
  for p in "${pids[@]}"; do wait "$p" || die "a worker failed to join"; done
  wait_for 120 "$nodes Ready nodes" all_ready "$nodes"
  write_state
  summary
  log "up: $nodes nodes / $managers managers in $((SECONDS - started))s"
}

all_ready() {
  local n
  n=$(dk 1 node ls --format '{{.Status}}' | grep -cx Ready)
  ((n == $1))
}

summary() {
  local i nd w=$((${#LAB_NAME} + 5))
  echo "lab $LAB_NAME: bridge $BRIDGE ($LAB_SUBNET.1/24), state $LAB/state.json"
  printf '  %-*s %-15s %-8s %s\n' "$w" NODE IP ROLE DOCKER
  for i in $(node_indexes); do
    nd=$(node_dir "$i")
    printf '  %-*s %-15s %-8s docker -H unix://%s\n' "$w" "$(node_ns "$i")" "$(cat "$nd/ip")" "$(cat "$nd/role")" "$nd/docker.sock"
  done
  echo "  ssh: ssh -i $LAB/id_ed25519 -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null root@<ip>"
}

cmd_down() {
  cleanup_lab
  rm -rf "$LAB"
  log "down"
}

cmd_status() {
  local i
  [[ -f $LAB/state.json ]] || { echo "no lab '$LAB_NAME' at $LAB" >&2; exit 1; }
  cat "$LAB/state.json"
  for i in $(node_indexes); do
    [[ $(cat "$(node_dir "$i")/role") == manager ]] || continue
    if timeout 10 "$DOCKER" -H "unix://$(node_sock "$i")" node ls 2>/dev/null; then return 0; fi
  done
  echo "no reachable manager in lab '$LAB_NAME'" >&2
  exit 3
}

cmd_node_add() {
  local i=1 last
  load_lab
  last=$(node_indexes | tail -n1)
  [[ -n $last ]] && i=$((last + 1))
  create_node "$i"
  finish_node "$i"
  write_state
  summary
}

stop_daemon() { # stop_daemon PIDFILE SECONDS DESCRIPTION
  local pid
  pid=$(pidfile_pid "$1") || { log "$3 is not running"; return 0; }
  kill -TERM "$pid"
  wait_gone "$2" "$pid" || die "$3 did not exit within $2s after SIGTERM"
}

cmd_fault() {
  local fault=$1 i nd
  load_lab
  i=$(resolve_node "$2")
  nd=$(node_dir "$i")
  case $fault in
    # SIGTERM only: a SIGKILLed dockerd leaves its containerd behind and cannot start again.
    engine-stop) stop_daemon "$nd/dockerd.pid" 60 "dockerd of $(node_ns "$i")" ;;
    engine-start)
      pidfile_pid "$nd/dockerd.pid" >/dev/null || start_dockerd "$i"
      wait_for 60 "dockerd of $(node_ns "$i") (see $nd/dockerd.log)" engine_answers "$i"
      ;;
    partition) ip link set "$PREFIX-v$i" down ;;
    heal) ip link set "$PREFIX-v$i" up ;;
    sshd-stop) stop_daemon "$nd/sshd.pid" 20 "sshd of $(node_ns "$i")" ;;
    # The listener and every session it forked, at once: clients see their connections die, not a goodbye.
    sshd-kill)
      local pid
      pid=$(pidfile_pid "$nd/sshd.pid") || { log "sshd of $(node_ns "$i") is not running"; return 0; }
      pkill -KILL -P "$pid" || true
      kill -KILL "$pid"
      wait_gone 10 "$pid" || die "sshd of $(node_ns "$i") did not die"
      rm -f "$nd/sshd.pid"
      ;;
    # A slow link both ways (this kernel has no netem: tbf rate limiting instead of a delay).
    slow)
      tc qdisc replace dev "$PREFIX-v$i" root tbf rate 128kbit burst 4kb latency 2s
      tc -n "$(node_ns "$i")" qdisc replace dev eth0 root tbf rate 128kbit burst 4kb latency 2s
      ;;
    fast)
      tc qdisc del dev "$PREFIX-v$i" root 2>/dev/null || true
      tc -n "$(node_ns "$i")" qdisc del dev eth0 root 2>/dev/null || true
      ;;
    sshd-start)
      pidfile_pid "$nd/sshd.pid" >/dev/null || start_sshd "$i"
      wait_for 20 "sshd of $(node_ns "$i")" pidfile_pid "$nd/sshd.pid"
      ;;
  esac
}

cmd_exec() {
  local i holder
  load_lab
  i=$(resolve_node "${1:-}")
  shift
  [[ ${1:-} == -- ]] && shift
  (($#)) || die "usage: exec NODE -- CMD..."
  holder=$(holder_pid "$i")
  exec nsenter -t "$holder" --net --mount --uts -- "$@"
}

main() {
  local cmd=${1:-}
  [[ -n $cmd ]] || usage
  shift
  require_platform "$cmd" "$@"
  validate_config
  case $cmd in
    up) require_packages; cmd_up "$@" ;;
    down) cmd_down ;;
    status) cmd_status ;;
    node-add) require_packages; cmd_node_add ;;
    engine-stop | engine-start | partition | heal | sshd-stop | sshd-kill | sshd-start | slow | fast)
      (($# == 1)) || die "usage: $cmd NODE"
      cmd_fault "$cmd" "$1"
      ;;
    exec) cmd_exec "$@" ;;
    *) usage ;;
  esac
}

main "$@"
