// Every error path of the iptables command line, recorded from iptables-legacy.
// After each failure the state is listed to show that nothing changed.
=== option parsing
$ iptables --foo
stderr: iptables v1.8.7 (legacy): unknown option "--foo"
stderr: Try `iptables -h' or 'iptables --help' for more information.
[exit 2]
$ iptables -A
stderr: iptables v1.8.7 (legacy): option "-A" requires an argument
stderr: Try `iptables -h' or 'iptables --help' for more information.
[exit 2]
$ iptables -A INPUT -j
stderr: iptables v1.8.7 (legacy): option "-j" requires an argument
stderr: Try `iptables -h' or 'iptables --help' for more information.
[exit 2]
$ iptables
stderr: iptables v1.8.7 (legacy): no command specified
stderr: Try `iptables -h' or 'iptables --help' for more information.
[exit 2]
$ iptables -A INPUT -D INPUT
stderr: iptables v1.8.7 (legacy): Cannot use -D with -A
stderr: Try `iptables -h' or 'iptables --help' for more information.
[exit 2]
$ iptables -L -F
stderr: iptables v1.8.7 (legacy): Cannot use -F with -L
stderr: Try `iptables -h' or 'iptables --help' for more information.
[exit 2]
$ iptables -A INPUT -p tcp -p udp
stderr: iptables v1.8.7 (legacy): multiple -p flags not allowed
stderr: Try `iptables -h' or 'iptables --help' for more information.
[exit 2]
$ iptables -A INPUT -s 1.2.3.4 -s 1.2.3.5
stderr: iptables v1.8.7 (legacy): multiple -s flags not allowed
stderr: Try `iptables -h' or 'iptables --help' for more information.
[exit 2]
$ iptables -A INPUT -j ACCEPT -j DROP
stderr: iptables v1.8.7 (legacy): multiple -j flags not allowed
stderr: Try `iptables -h' or 'iptables --help' for more information.
[exit 2]
$ iptables -A INPUT -j ACCEPT -g FOO
stderr: iptables v1.8.7 (legacy): multiple -j flags not allowed
stderr: Try `iptables -h' or 'iptables --help' for more information.
[exit 2]
$ iptables -A INPUT ! ! -p tcp
stderr: iptables v1.8.7 (legacy): multiple consecutive ! not allowed
stderr: Try `iptables -h' or 'iptables --help' for more information.
[exit 2]
$ iptables -A INPUT -p foo
stderr: iptables v1.8.7 (legacy): unknown protocol "foo" specified
stderr: Try `iptables -h' or 'iptables --help' for more information.
[exit 2]
$ iptables -A INPUT -p 256
stderr: iptables v1.8.7 (legacy): unknown protocol "256" specified
stderr: Try `iptables -h' or 'iptables --help' for more information.
[exit 2]
$ iptables -A INPUT -p -1
stderr: iptables v1.8.7 (legacy): unknown protocol "-1" specified
stderr: Try `iptables -h' or 'iptables --help' for more information.
[exit 2]
$ iptables -A INPUT -s 1.2.3.400
stderr: iptables v1.8.7 (legacy): host/network `1.2.3.400' not found
stderr: Try `iptables -h' or 'iptables --help' for more information.
[exit 2]
$ iptables -A INPUT -s foo.invalid
stderr: iptables v1.8.7 (legacy): host/network `foo.invalid' not found
stderr: Try `iptables -h' or 'iptables --help' for more information.
[exit 2]
$ iptables -A INPUT -s 1.2.3.4/33
stderr: iptables v1.8.7 (legacy): invalid mask `33' specified
stderr: Try `iptables -h' or 'iptables --help' for more information.
[exit 2]
$ iptables -A INPUT -s 1.2.3.4/255.0.255.0
$ iptables -A INPUT -d 1.2.3.4/-1
stderr: iptables v1.8.7 (legacy): invalid mask `-1' specified
stderr: Try `iptables -h' or 'iptables --help' for more information.
[exit 2]
$ iptables -A INPUT -i
stderr: iptables v1.8.7 (legacy): option "-i" requires an argument
stderr: Try `iptables -h' or 'iptables --help' for more information.
[exit 2]
$ iptables -A INPUT -i eth0 -i eth1
stderr: iptables v1.8.7 (legacy): multiple -i flags not allowed
stderr: Try `iptables -h' or 'iptables --help' for more information.
[exit 2]
$ iptables -A INPUT -i eth0+x
$ iptables -A INPUT -i abcdefghijklmnop
stderr: iptables v1.8.7 (legacy): interface name `abcdefghijklmnop' must be shorter than IFNAMSIZ (15)
stderr: Try `iptables -h' or 'iptables --help' for more information.
[exit 2]
$ iptables -A INPUT -i abcdefghijklmno -j ACCEPT
$ iptables -A INPUT -o eth0
stderr: iptables v1.8.7 (legacy): Can't use -o with INPUT
stderr: 
stderr: Try `iptables -h' or 'iptables --help' for more information.
[exit 2]
$ iptables -A OUTPUT -i eth0
stderr: iptables v1.8.7 (legacy): Can't use -i with OUTPUT
stderr: 
stderr: Try `iptables -h' or 'iptables --help' for more information.
[exit 2]
$ iptables -t nat -A PREROUTING -o eth0
stderr: iptables v1.8.7 (legacy): Can't use -o with PREROUTING
stderr: 
stderr: Try `iptables -h' or 'iptables --help' for more information.
[exit 2]
$ iptables -t nat -A POSTROUTING -i eth0
stderr: iptables v1.8.7 (legacy): Can't use -i with POSTROUTING
stderr: 
stderr: Try `iptables -h' or 'iptables --help' for more information.
[exit 2]
$ iptables -A FORWARD -i eth0 -o eth1 -f -f
stderr: iptables v1.8.7 (legacy): multiple -f flags not allowed
stderr: Try `iptables -h' or 'iptables --help' for more information.
[exit 2]
$ iptables -A INPUT -x -j ACCEPT
stderr: iptables v1.8.7 (legacy): Illegal option `-x' with this command
stderr: Try `iptables -h' or 'iptables --help' for more information.
[exit 2]
$ iptables -A INPUT -n -j ACCEPT
stderr: iptables v1.8.7 (legacy): Illegal option `-n' with this command
stderr: Try `iptables -h' or 'iptables --help' for more information.
[exit 2]
$ iptables -A INPUT --line-numbers -j ACCEPT
stderr: iptables v1.8.7 (legacy): Illegal option `-0' with this command
stderr: Try `iptables -h' or 'iptables --help' for more information.
[exit 2]
$ iptables -L INPUT -v --line-numbers -x extra
stderr: Bad argument `extra'
stderr: Try `iptables -h' or 'iptables --help' for more information.
[exit 2]
$ iptables -S -n
stderr: iptables v1.8.7 (legacy): Illegal option `-n' with this command
stderr: Try `iptables -h' or 'iptables --help' for more information.
[exit 2]
$ iptables -F -v
Flushing chain `INPUT'
Flushing chain `FORWARD'
Flushing chain `OUTPUT'
$ iptables -D INPUT
stderr: iptables: Bad rule (does a matching rule exist in that chain?).
[exit 1]
$ iptables -D INPUT 1 2
stderr: Bad argument `2'
stderr: Try `iptables -h' or 'iptables --help' for more information.
[exit 2]
$ iptables -D INPUT x
stderr: iptables v1.8.7 (legacy): Invalid rule number `x'
stderr: Try `iptables -h' or 'iptables --help' for more information.
[exit 2]
$ iptables -I INPUT 0 -j ACCEPT
stderr: iptables v1.8.7 (legacy): Invalid rule number `0'
stderr: Try `iptables -h' or 'iptables --help' for more information.
[exit 2]
$ iptables -I INPUT -1 -j ACCEPT
stderr: iptables v1.8.7 (legacy): unknown option "-1"
stderr: Try `iptables -h' or 'iptables --help' for more information.
[exit 2]
$ iptables -I INPUT abc -j ACCEPT
stderr: iptables v1.8.7 (legacy): Invalid rule number `abc'
stderr: Try `iptables -h' or 'iptables --help' for more information.
[exit 2]
$ iptables -R INPUT -j ACCEPT
stderr: iptables v1.8.7 (legacy): -R requires a rule number
stderr: Try `iptables -h' or 'iptables --help' for more information.
[exit 2]
$ iptables -R INPUT 0 -j ACCEPT
stderr: iptables v1.8.7 (legacy): Invalid rule number `0'
stderr: Try `iptables -h' or 'iptables --help' for more information.
[exit 2]
$ iptables -N
stderr: iptables v1.8.7 (legacy): option "-N" requires an argument
stderr: Try `iptables -h' or 'iptables --help' for more information.
[exit 2]
$ iptables -N -foo
stderr: iptables v1.8.7 (legacy): chain name not allowed to start with `-'
stderr: Try `iptables -h' or 'iptables --help' for more information.
[exit 2]
$ iptables -N !foo
stderr: iptables v1.8.7 (legacy): chain name not allowed to start with `!'
stderr: Try `iptables -h' or 'iptables --help' for more information.
[exit 2]
$ iptables -N a_very_long_chain_name_that_is_too_long
stderr: iptables v1.8.7 (legacy): chain name `a_very_long_chain_name_that_is_too_long' too long (must be under 29 chars)
stderr: Try `iptables -h' or 'iptables --help' for more information.
[exit 2]
$ iptables -N abcdefghijklmnopqrstuvwxyz012345
stderr: iptables v1.8.7 (legacy): chain name `abcdefghijklmnopqrstuvwxyz012345' too long (must be under 29 chars)
stderr: Try `iptables -h' or 'iptables --help' for more information.
[exit 2]
$ iptables -N abcdefghijklmnopqrstuvwxyz01234
stderr: iptables v1.8.7 (legacy): chain name `abcdefghijklmnopqrstuvwxyz01234' too long (must be under 29 chars)
stderr: Try `iptables -h' or 'iptables --help' for more information.
[exit 2]
$ iptables -N ACCEPT
stderr: iptables v1.8.7 (legacy): chain name may not clash with target name
stderr: Try `iptables -h' or 'iptables --help' for more information.
[exit 2]
$ iptables -N DROP
stderr: iptables v1.8.7 (legacy): chain name may not clash with target name
stderr: Try `iptables -h' or 'iptables --help' for more information.
[exit 2]
$ iptables -N RETURN
stderr: iptables v1.8.7 (legacy): chain name may not clash with target name
stderr: Try `iptables -h' or 'iptables --help' for more information.
[exit 2]
$ iptables -N LOG
stderr: iptables v1.8.7 (legacy): chain name may not clash with target name
stderr: Try `iptables -h' or 'iptables --help' for more information.
[exit 2]
$ iptables -N "with space"
stderr: iptables v1.8.7 (legacy): Invalid chain name `with space'
stderr: Try `iptables -h' or 'iptables --help' for more information.
[exit 2]
$ iptables -E
stderr: iptables v1.8.7 (legacy): option "-E" requires an argument
stderr: Try `iptables -h' or 'iptables --help' for more information.
[exit 2]
$ iptables -E INPUT
stderr: iptables v1.8.7 (legacy): -E requires old-chain-name and new-chain-name
stderr: Try `iptables -h' or 'iptables --help' for more information.
[exit 2]
$ iptables -P INPUT
stderr: iptables v1.8.7 (legacy): -P requires a chain and a policy
stderr: Try `iptables -h' or 'iptables --help' for more information.
[exit 2]
$ iptables -P
stderr: iptables v1.8.7 (legacy): option "-P" requires an argument
stderr: Try `iptables -h' or 'iptables --help' for more information.
[exit 2]
$ iptables -t
stderr: iptables v1.8.7 (legacy): option "-t" requires an argument
stderr: Try `iptables -h' or 'iptables --help' for more information.
[exit 2]
$ iptables -t nat -t filter -L
Chain INPUT (policy ACCEPT)
target     prot opt source               destination         

Chain FORWARD (policy ACCEPT)
target     prot opt source               destination         

Chain OUTPUT (policy ACCEPT)
target     prot opt source               destination         
$ iptables -t NAT -L
stderr: iptables v1.8.7 (legacy): can't initialize iptables table `NAT': Table does not exist (do you need to insmod?)
stderr: Perhaps iptables or your kernel needs to be upgraded.
[exit 3]
$ iptables -m
stderr: iptables v1.8.7 (legacy): option "-m" requires an argument
stderr: Try `iptables -h' or 'iptables --help' for more information.
[exit 2]
$ iptables -A INPUT -m nosuchmatch
stderr: iptables v1.8.7 (legacy): Couldn't load match `nosuchmatch':No such file or directory
stderr: 
stderr: Try `iptables -h' or 'iptables --help' for more information.
[exit 2]
$ iptables -A INPUT -j ACCEPT --to-destination 1.2.3.4
stderr: iptables v1.8.7 (legacy): unknown option "--to-destination"
stderr: Try `iptables -h' or 'iptables --help' for more information.
[exit 2]
$ iptables -A INPUT -p tcp --dport
stderr: iptables v1.8.7 (legacy): option "--dport" requires an argument
stderr: Try `iptables -h' or 'iptables --help' for more information.
[exit 2]
$ iptables -A INPUT -p tcp --dport 80 --dport 81
stderr: iptables v1.8.7 (legacy): Only one `--destination-port' allowed
stderr: Try `iptables -h' or 'iptables --help' for more information.
[exit 2]
$ iptables -A INPUT -p tcp --dport 0:foo
stderr: iptables v1.8.7 (legacy): invalid port/service `foo' specified
stderr: Try `iptables -h' or 'iptables --help' for more information.
[exit 2]
$ iptables -A INPUT -p tcp --dport 70000
stderr: iptables v1.8.7 (legacy): invalid port/service `70000' specified
stderr: Try `iptables -h' or 'iptables --help' for more information.
[exit 2]
$ iptables -A INPUT -p tcp --dport nosuchservice
stderr: iptables v1.8.7 (legacy): invalid port/service `nosuchservice' specified
stderr: Try `iptables -h' or 'iptables --help' for more information.
[exit 2]
$ iptables -A INPUT -p tcp --dport 90:80 -j ACCEPT
stderr: iptables v1.8.7 (legacy): invalid portrange (min > max)
stderr: Try `iptables -h' or 'iptables --help' for more information.
[exit 2]
$ iptables -A INPUT -p tcp --sport -5
stderr: iptables v1.8.7 (legacy): invalid port/service `-5' specified
stderr: Try `iptables -h' or 'iptables --help' for more information.
[exit 2]
$ iptables -A INPUT -p tcp --tcp-flags SYN
stderr: iptables v1.8.7 (legacy): --tcp-flags requires two args.
stderr: Try `iptables -h' or 'iptables --help' for more information.
[exit 2]
$ iptables -A INPUT -p tcp --tcp-flags BOGUS SYN
stderr: iptables v1.8.7 (legacy): Unknown TCP flag `BOGUS'
stderr: Try `iptables -h' or 'iptables --help' for more information.
[exit 2]
$ iptables -A INPUT -p tcp --syn --tcp-flags SYN SYN
stderr: iptables v1.8.7 (legacy): Only one of `--syn' or `--tcp-flags'  allowed
stderr: Try `iptables -h' or 'iptables --help' for more information.
[exit 2]
$ iptables -A INPUT -p tcp --tcp-option 300
stderr: iptables v1.8.7 (legacy): Bad TCP option "300"
stderr: Try `iptables -h' or 'iptables --help' for more information.
[exit 2]
$ iptables -A INPUT -p udp --syn
stderr: iptables v1.8.7 (legacy): unknown option "--syn"
stderr: Try `iptables -h' or 'iptables --help' for more information.
[exit 2]
$ iptables -A INPUT -p icmp --icmp-type nosuch
stderr: iptables v1.8.7 (legacy): Unknown ICMP type `nosuch'
stderr: Try `iptables -h' or 'iptables --help' for more information.
[exit 2]
$ iptables -A INPUT -p icmp --icmp-type 256
stderr: iptables v1.8.7 (legacy): Unknown ICMP type `256'
stderr: Try `iptables -h' or 'iptables --help' for more information.
[exit 2]
$ iptables -A INPUT -p icmp --icmp-type 8/300
stderr: iptables v1.8.7 (legacy): Unknown ICMP code `8/300'
stderr: Try `iptables -h' or 'iptables --help' for more information.
[exit 2]
$ iptables -A INPUT -p icmp --icmp-type 8 --icmp-type 0
stderr: iptables v1.8.7 (legacy): icmp: option "--icmp-type" can only be used once.
stderr: 
stderr: Try `iptables -h' or 'iptables --help' for more information.
[exit 2]
$ iptables -A INPUT -m tcp --dport 80 -j ACCEPT
stderr: iptables: Invalid argument. Run `dmesg' for more information.
[exit 1]
$ iptables -A INPUT -p udp -m tcp --dport 80 -j ACCEPT
stderr: iptables: Invalid argument. Run `dmesg' for more information.
[exit 1]
$ iptables -A INPUT ! -p tcp -m tcp --dport 80 -j ACCEPT
stderr: iptables: Invalid argument. Run `dmesg' for more information.
[exit 1]
$ iptables -A INPUT -m icmp --icmp-type 8 -j ACCEPT
stderr: iptables: Invalid argument. Run `dmesg' for more information.
[exit 1]
$ iptables -A INPUT -m multiport --dports 1,2
stderr: iptables v1.8.7 (legacy): multiport needs `-p tcp', `-p udp', `-p udplite', `-p sctp' or `-p dccp'
stderr: Try `iptables -h' or 'iptables --help' for more information.
[exit 2]
$ iptables -A INPUT -p icmp -m multiport --dports 1,2
stderr: iptables v1.8.7 (legacy): multiport only works with TCP, UDP, UDPLITE, SCTP and DCCP
stderr: Try `iptables -h' or 'iptables --help' for more information.
[exit 2]
$ iptables -A INPUT -p tcp -m multiport
stderr: iptables v1.8.7 (legacy): multiport expection an option
stderr: Try `iptables -h' or 'iptables --help' for more information.
[exit 2]
$ iptables -A INPUT -p tcp -m multiport --dports 1,2 --sports 3
stderr: iptables v1.8.7 (legacy): multiport: option "--source-ports" cannot be used together with "--destination-ports".
stderr: 
stderr: Try `iptables -h' or 'iptables --help' for more information.
[exit 2]
$ iptables -A INPUT -p tcp -m multiport --dports 1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16
stderr: iptables v1.8.7 (legacy): too many ports specified
stderr: Try `iptables -h' or 'iptables --help' for more information.
[exit 2]
$ iptables -A INPUT -p tcp -m multiport --dports 1:2,3:4,5:6,7:8,9:10,11:12,13:14,15:16
stderr: iptables v1.8.7 (legacy): too many ports specified
stderr: Try `iptables -h' or 'iptables --help' for more information.
[exit 2]
$ iptables -A INPUT -p tcp -m multiport --dports 1,x
stderr: iptables v1.8.7 (legacy): invalid port/service `x' specified
stderr: Try `iptables -h' or 'iptables --help' for more information.
[exit 2]
$ iptables -A INPUT -p tcp -m multiport --dports 5:1
stderr: iptables v1.8.7 (legacy): invalid portrange specified
stderr: Try `iptables -h' or 'iptables --help' for more information.
[exit 2]
$ iptables -A INPUT -m state
stderr: iptables v1.8.7 (legacy): state: option "--state" must be specified
stderr: 
stderr: Try `iptables -h' or 'iptables --help' for more information.
[exit 2]
$ iptables -A INPUT -m state --state FOO
stderr: iptables v1.8.7 (legacy): Bad state "FOO"
stderr: Try `iptables -h' or 'iptables --help' for more information.
[exit 2]
$ iptables -A INPUT -m state --state NEW --state NEW
stderr: iptables v1.8.7 (legacy): state: option "--state" can only be used once.
stderr: 
stderr: Try `iptables -h' or 'iptables --help' for more information.
[exit 2]
$ iptables -A INPUT -m conntrack
stderr: iptables v1.8.7 (legacy): conntrack: At least one option is required
stderr: Try `iptables -h' or 'iptables --help' for more information.
[exit 2]
$ iptables -A INPUT -m conntrack --ctstate BOGUS
stderr: iptables v1.8.7 (legacy): Bad ctstate "BOGUS"
stderr: Try `iptables -h' or 'iptables --help' for more information.
[exit 2]
$ iptables -A INPUT -m conntrack --ctproto nosuch
stderr: iptables v1.8.7 (legacy): unknown protocol "nosuch" specified
stderr: Try `iptables -h' or 'iptables --help' for more information.
[exit 2]
$ iptables -A INPUT -m conntrack --ctorigsrc 1.2.3.4/40
$ iptables -A INPUT -m conntrack --ctstatus BOGUS
stderr: iptables v1.8.7 (legacy): Bad ctstatus "BOGUS"
stderr: Try `iptables -h' or 'iptables --help' for more information.
[exit 2]
$ iptables -A INPUT -m conntrack --ctdir BOGUS
stderr: iptables v1.8.7 (legacy): conntrack: Bad value for "--ctdir" option: "BOGUS"
stderr: Try `iptables -h' or 'iptables --help' for more information.
[exit 2]
$ iptables -A INPUT -m conntrack --ctorigsrcport x
stderr: iptables v1.8.7 (legacy): Port "x" does not resolve to anything.
stderr: 
stderr: Try `iptables -h' or 'iptables --help' for more information.
[exit 2]
$ iptables -A INPUT -m mark
stderr: iptables v1.8.7 (legacy): mark: option "--mark" must be specified
stderr: 
stderr: Try `iptables -h' or 'iptables --help' for more information.
[exit 2]
$ iptables -A INPUT -m mark --mark x
stderr: iptables v1.8.7 (legacy): mark: bad integer value for option "--mark", or out of range.
stderr: 
stderr: Try `iptables -h' or 'iptables --help' for more information.
[exit 2]
$ iptables -A INPUT -m mark --mark 1/x
stderr: iptables v1.8.7 (legacy): mark: bad integer value for option "--mark", or out of range.
stderr: 
stderr: Try `iptables -h' or 'iptables --help' for more information.
[exit 2]
$ iptables -A INPUT -m mark --mark 0x100000000
stderr: iptables v1.8.7 (legacy): mark: bad integer value for option "--mark", or out of range.
stderr: 
stderr: Try `iptables -h' or 'iptables --help' for more information.
[exit 2]
$ iptables -A INPUT -m connmark
stderr: iptables v1.8.7 (legacy): connmark: option "--mark" must be specified
stderr: 
stderr: Try `iptables -h' or 'iptables --help' for more information.
[exit 2]
$ iptables -A INPUT -m comment
stderr: iptables v1.8.7 (legacy): comment: option "--comment" must be specified
stderr: 
stderr: Try `iptables -h' or 'iptables --help' for more information.
[exit 2]
$ iptables -A INPUT -m comment --comment 0123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789012345
$ iptables -A INPUT -m addrtype
stderr: iptables v1.8.7 (legacy): addrtype: you must specify --src-type or --dst-type
stderr: Try `iptables -h' or 'iptables --help' for more information.
[exit 2]
$ iptables -A INPUT -m addrtype --src-type BOGUS
stderr: iptables v1.8.7 (legacy): addrtype: bad type "BOGUS"
stderr: Try `iptables -h' or 'iptables --help' for more information.
[exit 2]
$ iptables -A INPUT -m addrtype --src-type LOCAL --limit-iface-in --limit-iface-out
stderr: iptables v1.8.7 (legacy): addrtype: option "--limit-iface-in" cannot be used together with "--limit-iface-out".
stderr: 
stderr: Try `iptables -h' or 'iptables --help' for more information.
[exit 2]
$ iptables -A OUTPUT -m addrtype --src-type LOCAL --limit-iface-in
stderr: iptables: Invalid argument. Run `dmesg' for more information.
[exit 1]
$ iptables -A INPUT -m addrtype --src-type LOCAL --limit-iface-out
stderr: iptables: Invalid argument. Run `dmesg' for more information.
[exit 1]
$ iptables -A INPUT -m statistic
stderr: iptables v1.8.7 (legacy): --probability must be specified when using random mode
stderr: Try `iptables -h' or 'iptables --help' for more information.
[exit 2]
$ iptables -A INPUT -m statistic --mode bogus
stderr: iptables v1.8.7 (legacy): Bad mode "bogus"
stderr: Try `iptables -h' or 'iptables --help' for more information.
[exit 2]
$ iptables -A INPUT -m statistic --mode random
stderr: iptables v1.8.7 (legacy): --probability must be specified when using random mode
stderr: Try `iptables -h' or 'iptables --help' for more information.
[exit 2]
$ iptables -A INPUT -m statistic --mode random --probability 2
stderr: iptables v1.8.7 (legacy): statistic: bad value for option "--probability", or out of range (0-1).
stderr: 
stderr: Try `iptables -h' or 'iptables --help' for more information.
[exit 2]
$ iptables -A INPUT -m statistic --mode random --every 2 --packet 0
stderr: iptables v1.8.7 (legacy): --probability must be specified when using random mode
stderr: Try `iptables -h' or 'iptables --help' for more information.
[exit 2]
$ iptables -A INPUT -m statistic --mode nth --every 3 --packet 3
stderr: iptables v1.8.7 (legacy): the --packet p must be 0 <= p <= n-1
stderr: Try `iptables -h' or 'iptables --help' for more information.
[exit 2]
$ iptables -A INPUT -m statistic --mode nth --every 0 --packet 0
stderr: iptables v1.8.7 (legacy): statistic: bad value for option "--every", or out of range (1-4294967295).
stderr: 
stderr: Try `iptables -h' or 'iptables --help' for more information.
[exit 2]
$ iptables -A INPUT -m statistic --mode nth --probability 0.5
stderr: iptables v1.8.7 (legacy): --every and --packet must be specified when using nth mode
stderr: Try `iptables -h' or 'iptables --help' for more information.
[exit 2]
$ iptables -A INPUT -m limit --limit bogus
stderr: iptables v1.8.7 (legacy): bad rate "bogus"'
stderr: Try `iptables -h' or 'iptables --help' for more information.
[exit 2]
$ iptables -A INPUT -j REJECT --reject-with bogus
stderr: iptables v1.8.7 (legacy): unknown reject type "bogus"
stderr: Try `iptables -h' or 'iptables --help' for more information.
[exit 2]
$ iptables -A INPUT -j REJECT --reject-with tcp-reset
stderr: iptables: Invalid argument. Run `dmesg' for more information.
[exit 1]
$ iptables -A INPUT -j REJECT --reject-with icmp-echo-reply
stderr: iptables v1.8.7 (legacy): unknown reject type "icmp-echo-reply"
stderr: Try `iptables -h' or 'iptables --help' for more information.
[exit 2]
$ iptables -A INPUT -p udp -j REJECT --reject-with tcp-reset
stderr: iptables: Invalid argument. Run `dmesg' for more information.
[exit 1]
$ iptables -t mangle -A INPUT -j REJECT
stderr: iptables: Invalid argument. Run `dmesg' for more information.
[exit 1]
$ iptables -t nat -A PREROUTING -j REJECT
stderr: iptables: Invalid argument. Run `dmesg' for more information.
[exit 1]
$ iptables -A INPUT -j LOG --log-level bogus
stderr: iptables v1.8.7 (legacy): log level "bogus" unknown
stderr: 
stderr: Try `iptables -h' or 'iptables --help' for more information.
[exit 2]
$ iptables -A INPUT -j LOG --log-level 8
stderr: iptables v1.8.7 (legacy): log level "8" unknown
stderr: 
stderr: Try `iptables -h' or 'iptables --help' for more information.
[exit 2]
$ iptables -A INPUT -j LOG --log-prefix 0123456789012345678901234567890
$ iptables -A INPUT -j LOG --log-prefix ""
stderr: iptables v1.8.7 (legacy): Argument must have a minimum length of 1 characters
stderr: 
stderr: Try `iptables -h' or 'iptables --help' for more information.
[exit 2]
$ iptables -A INPUT -j MARK
stderr: iptables v1.8.7 (legacy): MARK: One of the --set-xmark, --{and,or,xor,set}-mark options is required
stderr: Try `iptables -h' or 'iptables --help' for more information.
[exit 2]
$ iptables -A INPUT -j MARK --set-mark 1 --and-mark 2
stderr: iptables v1.8.7 (legacy): MARK: option "--set-mark" cannot be used together with "--and-mark".
stderr: 
stderr: Try `iptables -h' or 'iptables --help' for more information.
[exit 2]
$ iptables -A INPUT -j MARK --set-mark x
stderr: iptables v1.8.7 (legacy): MARK: bad integer value for option "--set-mark", or out of range.
stderr: 
stderr: Try `iptables -h' or 'iptables --help' for more information.
[exit 2]
$ iptables -A INPUT -j CONNMARK
stderr: iptables v1.8.7 (legacy): CONNMARK target: No operation specified
stderr: Try `iptables -h' or 'iptables --help' for more information.
[exit 2]
$ iptables -A INPUT -j CONNMARK --save-mark --restore-mark
stderr: iptables v1.8.7 (legacy): CONNMARK: option "--save-mark" cannot be used together with "--restore-mark".
stderr: 
stderr: Try `iptables -h' or 'iptables --help' for more information.
[exit 2]
$ iptables -A INPUT -j TRACE
stderr: iptables: Invalid argument. Run `dmesg' for more information.
[exit 1]
$ iptables -A INPUT -j CT --notrack
stderr: iptables: Invalid argument. Run `dmesg' for more information.
[exit 1]
$ iptables -A INPUT -j NOTRACK
stderr: iptables: Invalid argument. Run `dmesg' for more information.
[exit 1]
$ iptables -t raw -A INPUT -j ACCEPT
stderr: iptables: No chain/target/match by that name.
[exit 1]
$ iptables -t raw -A PREROUTING -j CT
$ iptables -t raw -A PREROUTING -j CT --bogus
stderr: iptables v1.8.7 (legacy): unknown option "--bogus"
stderr: Try `iptables -h' or 'iptables --help' for more information.
[exit 2]
$ iptables -t nat -A PREROUTING -j DNAT
stderr: iptables v1.8.7 (legacy): DNAT: option "--to-destination" must be specified
stderr: 
stderr: Try `iptables -h' or 'iptables --help' for more information.
[exit 2]
$ iptables -t nat -A PREROUTING -j DNAT --to-destination
stderr: iptables v1.8.7 (legacy): option "--to-destination" requires an argument
stderr: Try `iptables -h' or 'iptables --help' for more information.
[exit 2]
$ iptables -t nat -A PREROUTING -j DNAT --to-destination 1.2.3.4:80
stderr: iptables v1.8.7 (legacy): Need TCP, UDP, SCTP or DCCP with port specification
stderr: Try `iptables -h' or 'iptables --help' for more information.
[exit 2]
$ iptables -t nat -A PREROUTING -j DNAT --to-destination bogus
stderr: iptables v1.8.7 (legacy): Bad IP address "bogus"
stderr: Try `iptables -h' or 'iptables --help' for more information.
[exit 2]
$ iptables -t nat -A PREROUTING -p tcp -j DNAT --to-destination 1.2.3.4:x
stderr: iptables v1.8.7 (legacy): Port `x' not valid
stderr: Try `iptables -h' or 'iptables --help' for more information.
[exit 2]
$ iptables -t nat -A PREROUTING -p tcp -j DNAT --to-destination 1.2.3.4:90-80
stderr: iptables v1.8.7 (legacy): Port range `80' funky
stderr: Try `iptables -h' or 'iptables --help' for more information.
[exit 2]
$ iptables -t nat -A PREROUTING -p tcp -j DNAT --to-destination 1.2.3.9-1.2.3.4
$ iptables -t nat -A PREROUTING -j DNAT --to-destination 1.2.3.4 --to-destination 1.2.3.5
stderr: iptables v1.8.7 (legacy): DNAT: option "--to-destination" can only be used once.
stderr: 
stderr: Try `iptables -h' or 'iptables --help' for more information.
[exit 2]
$ iptables -t nat -A POSTROUTING -j SNAT
stderr: iptables v1.8.7 (legacy): SNAT: option "--to-source" must be specified
stderr: 
stderr: Try `iptables -h' or 'iptables --help' for more information.
[exit 2]
$ iptables -t nat -A POSTROUTING -j SNAT --to-source 1.2.3.4:53
stderr: iptables v1.8.7 (legacy): Need TCP, UDP, SCTP or DCCP with port specification
stderr: Try `iptables -h' or 'iptables --help' for more information.
[exit 2]
$ iptables -t nat -A POSTROUTING -j MASQUERADE --to-ports 80
stderr: iptables v1.8.7 (legacy): Need TCP, UDP, SCTP or DCCP with port specification
stderr: Try `iptables -h' or 'iptables --help' for more information.
[exit 2]
$ iptables -t nat -A POSTROUTING -p tcp -j MASQUERADE --to-ports x
stderr: iptables v1.8.7 (legacy): Port `x' not valid
stderr: Try `iptables -h' or 'iptables --help' for more information.
[exit 2]
$ iptables -t nat -A PREROUTING -j REDIRECT --to-ports 80
stderr: iptables v1.8.7 (legacy): Need TCP, UDP, SCTP or DCCP with port specification
stderr: Try `iptables -h' or 'iptables --help' for more information.
[exit 2]
$ iptables -t nat -A PREROUTING -p tcp -j REDIRECT --to-ports 80-x
stderr: iptables v1.8.7 (legacy): Port `x' not valid
stderr: Try `iptables -h' or 'iptables --help' for more information.
[exit 2]
$ iptables -A INPUT -j DNAT --to-destination 1.2.3.4
stderr: iptables: Invalid argument. Run `dmesg' for more information.
[exit 1]
$ iptables -t nat -A INPUT -j DNAT --to-destination 1.2.3.4
stderr: iptables: Invalid argument. Run `dmesg' for more information.
[exit 1]
$ iptables -t nat -A OUTPUT -j SNAT --to-source 1.2.3.4
stderr: iptables: Invalid argument. Run `dmesg' for more information.
[exit 1]
$ iptables -t nat -A INPUT -j MASQUERADE
stderr: iptables: Invalid argument. Run `dmesg' for more information.
[exit 1]
$ iptables -t nat -A POSTROUTING -j REDIRECT
stderr: iptables: Invalid argument. Run `dmesg' for more information.
[exit 1]
$ iptables -A INPUT -j NOSUCHTARGET
stderr: iptables v1.8.7 (legacy): Couldn't load target `NOSUCHTARGET':No such file or directory
stderr: 
stderr: Try `iptables -h' or 'iptables --help' for more information.
[exit 2]
$ iptables -A INPUT -g NOSUCHCHAIN
stderr: iptables v1.8.7 (legacy): goto 'NOSUCHCHAIN' is not a chain
stderr: Try `iptables -h' or 'iptables --help' for more information.
[exit 2]
$ iptables -A INPUT -g ACCEPT
stderr: iptables v1.8.7 (legacy): goto 'ACCEPT' is not a chain
stderr: Try `iptables -h' or 'iptables --help' for more information.
[exit 2]
$ iptables -S
-P INPUT ACCEPT
-P FORWARD ACCEPT
-P OUTPUT ACCEPT
-A INPUT -m conntrack --ctorigsrc 1.2.3.4
-A INPUT -m comment --comment 012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789012345678901234
-A INPUT -j LOG --log-prefix 01234567890123456789012345678
$ iptables -t nat -S
-P PREROUTING ACCEPT
-P INPUT ACCEPT
-P OUTPUT ACCEPT
-P POSTROUTING ACCEPT
-A PREROUTING -p tcp -j DNAT --to-destination 1.2.3.9-1.2.3.4
$ iptables -t raw -S
-P PREROUTING ACCEPT
-P OUTPUT ACCEPT
-A PREROUTING -j CT
$ iptables -t mangle -S
-P PREROUTING ACCEPT
-P INPUT ACCEPT
-P FORWARD ACCEPT
-P OUTPUT ACCEPT
-P POSTROUTING ACCEPT
=== extension options
$ iptables -A INPUT -p udp --dport 1 --dport 2
stderr: iptables v1.8.7 (legacy): udp: option "--destination-port" can only be used once.
stderr: 
stderr: Try `iptables -h' or 'iptables --help' for more information.
[exit 2]
$ iptables -A INPUT -p udp --dport x
stderr: iptables v1.8.7 (legacy): Port "x" does not resolve to anything.
stderr: 
stderr: Try `iptables -h' or 'iptables --help' for more information.
[exit 2]
$ iptables -A INPUT -p udp --dport 5:1
$ iptables -A INPUT -p udp --dport 70000
$ iptables -A INPUT -p udp --sport 1:2:3
stderr: iptables v1.8.7 (legacy): udp: Too many components for option "--source-port" (max: 2)
stderr: 
stderr: Try `iptables -h' or 'iptables --help' for more information.
[exit 2]
$ iptables -A INPUT -p tcp --sport 1:2:3
stderr: iptables v1.8.7 (legacy): invalid port/service `2:3' specified
stderr: Try `iptables -h' or 'iptables --help' for more information.
[exit 2]
$ iptables -A INPUT -p tcp --dport :
$ iptables -A INPUT -p udp --dport :
$ iptables -A INPUT -p udp --dport 0x50
stderr: iptables v1.8.7 (legacy): Port "0x50" does not resolve to anything.
stderr: 
stderr: Try `iptables -h' or 'iptables --help' for more information.
[exit 2]
$ iptables -A INPUT -p tcp --dport 0x50
$ iptables -A INPUT -p tcp ! --syn ! --dport 80
$ iptables -A INPUT -p tcp --tcp-option 0
stderr: iptables v1.8.7 (legacy): Bad TCP option "0"
stderr: Try `iptables -h' or 'iptables --help' for more information.
[exit 2]
$ iptables -A INPUT -p tcp --tcp-option 1 --tcp-option 2
stderr: iptables v1.8.7 (legacy): Only one `--tcp-option' allowed
stderr: Try `iptables -h' or 'iptables --help' for more information.
[exit 2]
$ iptables -A INPUT -p tcp --tcp-flags SYN,,ACK SYN
$ iptables -A INPUT -p tcp --tcp-flags SYN -x
stderr: iptables v1.8.7 (legacy): --tcp-flags requires two args.
stderr: Try `iptables -h' or 'iptables --help' for more information.
[exit 2]
$ iptables -A INPUT -m limit --limit-burst 10001
stderr: iptables v1.8.7 (legacy): limit: bad value for option "--limit-burst", or out of range (0-10000).
stderr: 
stderr: Try `iptables -h' or 'iptables --help' for more information.
[exit 2]
$ iptables -A INPUT -m limit --limit-burst 0
stderr: iptables: Numerical result out of range.
[exit 1]
$ iptables -A INPUT -m limit --limit 0/s
stderr: iptables v1.8.7 (legacy): bad rate "0/s"'
stderr: Try `iptables -h' or 'iptables --help' for more information.
[exit 2]
$ iptables -A INPUT -m limit --limit 100000/s
stderr: iptables v1.8.7 (legacy): Rate too fast "100000/s"
stderr: Try `iptables -h' or 'iptables --help' for more information.
[exit 2]
$ iptables -A INPUT -m limit --limit 10001/s
stderr: iptables v1.8.7 (legacy): Rate too fast "10001/s"
stderr: Try `iptables -h' or 'iptables --help' for more information.
[exit 2]
$ iptables -A INPUT -m limit --limit 5/fortnight
stderr: iptables v1.8.7 (legacy): bad rate "5/fortnight"'
stderr: Try `iptables -h' or 'iptables --help' for more information.
[exit 2]
$ iptables -A INPUT -m limit --limit 5
$ iptables -A INPUT -m limit --limit 5/M
$ iptables -A INPUT -m statistic --probability 0.5
stderr: iptables v1.8.7 (legacy): statistic: option "--mode" must be specified
stderr: 
stderr: Try `iptables -h' or 'iptables --help' for more information.
[exit 2]
$ iptables -A INPUT -m statistic --mode nth --every 2 --packet 1 --probability 0.5
stderr: iptables v1.8.7 (legacy): statistic: option "--probability" cannot be used together with "--every".
stderr: 
stderr: Try `iptables -h' or 'iptables --help' for more information.
[exit 2]
$ iptables -A INPUT -m statistic --mode random ! --probability 0.5
$ iptables -A INPUT -m statistic --mode Random --probability 0.5
stderr: iptables v1.8.7 (legacy): Bad mode "Random"
stderr: Try `iptables -h' or 'iptables --help' for more information.
[exit 2]
$ iptables -A INPUT -m statistic --mode random --probability x
stderr: iptables v1.8.7 (legacy): statistic: bad value for option "--probability", or out of range (0-1).
stderr: 
stderr: Try `iptables -h' or 'iptables --help' for more information.
[exit 2]
$ iptables -A INPUT -m statistic --mode nth --every 2 --packet x
stderr: iptables v1.8.7 (legacy): statistic: bad value for option "--packet", or out of range (0-4294967295).
stderr: 
stderr: Try `iptables -h' or 'iptables --help' for more information.
[exit 2]
$ iptables -A INPUT -p icmp --icmp-type echo
stderr: iptables v1.8.7 (legacy): Ambiguous ICMP type `echo': `echo-reply' or `echo-request'?
stderr: Try `iptables -h' or 'iptables --help' for more information.
[exit 2]
$ iptables -A INPUT -p icmp --icmp-type ECHO-REQUEST
$ iptables -A INPUT -p icmp --icmp-type echo-req
$ iptables -A INPUT -p icmp --icmp-type 8/
stderr: iptables v1.8.7 (legacy): Unknown ICMP code `8/'
stderr: Try `iptables -h' or 'iptables --help' for more information.
[exit 2]
$ iptables -A INPUT -p icmp --icmp-type /0
stderr: iptables v1.8.7 (legacy): Unknown ICMP type `/0'
stderr: Try `iptables -h' or 'iptables --help' for more information.
[exit 2]
$ iptables -A INPUT -p icmp --icmp-type 0x8
$ iptables -A INPUT -j REJECT --reject-with host-unreach
$ iptables -A INPUT -j REJECT --reject-with tcp-rst -p tcp
$ iptables -A INPUT -j REJECT --reject-with icmp-net-prohibited --reject-with icmp-net-prohibited
stderr: iptables v1.8.7 (legacy): REJECT: option "--reject-with" can only be used once.
stderr: 
stderr: Try `iptables -h' or 'iptables --help' for more information.
[exit 2]
$ iptables -A INPUT -j LOG --log-prefix a --log-prefix b
stderr: iptables v1.8.7 (legacy): LOG: option "--log-prefix" can only be used once.
stderr: 
stderr: Try `iptables -h' or 'iptables --help' for more information.
[exit 2]
$ iptables -A INPUT -j LOG --log-uid --log-uid
stderr: iptables v1.8.7 (legacy): LOG: option "--log-uid" can only be used once.
stderr: 
stderr: Try `iptables -h' or 'iptables --help' for more information.
[exit 2]
$ iptables -A INPUT -j MARK --set-xmark 1/2/3
stderr: iptables v1.8.7 (legacy): MARK: trailing garbage after value for option "--set-xmark".
stderr: 
stderr: Try `iptables -h' or 'iptables --help' for more information.
[exit 2]
$ iptables -A INPUT -j MARK --set-xmark 0x1/
stderr: iptables v1.8.7 (legacy): MARK: bad integer value for option "--set-xmark", or out of range.
stderr: 
stderr: Try `iptables -h' or 'iptables --help' for more information.
[exit 2]
$ iptables -A INPUT -j MARK --and-mark 1/2
stderr: iptables v1.8.7 (legacy): MARK: bad value for option "--and-mark", or out of range (0-4294967295).
stderr: 
stderr: Try `iptables -h' or 'iptables --help' for more information.
[exit 2]
$ iptables -A INPUT -j MARK --set-mark 1 --set-mark 2
stderr: iptables v1.8.7 (legacy): MARK: option "--set-mark" can only be used once.
stderr: 
stderr: Try `iptables -h' or 'iptables --help' for more information.
[exit 2]
$ iptables -A INPUT -j CONNMARK --set-mark 1 --mask 2
$ iptables -A INPUT -j CONNMARK --mask 2
stderr: iptables v1.8.7 (legacy): CONNMARK target: No operation specified
stderr: Try `iptables -h' or 'iptables --help' for more information.
[exit 2]
$ iptables -A INPUT -j CONNMARK --save-mark --ctmask 0xff
$ iptables -A INPUT -j CONNMARK --restore-mark --nfmask 0xff
$ iptables -A INPUT -j CONNMARK --set-mark 1 --save-mark
stderr: iptables v1.8.7 (legacy): CONNMARK: option "--set-mark" cannot be used together with "--save-mark".
stderr: 
stderr: Try `iptables -h' or 'iptables --help' for more information.
[exit 2]
$ iptables -A INPUT -m connmark --mark 1 --mark 2
stderr: iptables v1.8.7 (legacy): connmark: option "--mark" can only be used once.
stderr: 
stderr: Try `iptables -h' or 'iptables --help' for more information.
[exit 2]
$ iptables -A INPUT -m mark ! --mark 1 --mark 2
stderr: iptables v1.8.7 (legacy): mark: option "--mark" can only be used once.
stderr: 
stderr: Try `iptables -h' or 'iptables --help' for more information.
[exit 2]
$ iptables -A INPUT -m comment --comment a --comment b
stderr: iptables v1.8.7 (legacy): comment: option "--comment" can only be used once.
stderr: 
stderr: Try `iptables -h' or 'iptables --help' for more information.
[exit 2]
$ iptables -A INPUT -m addrtype --src-type LOCAL --src-type UNICAST
stderr: iptables v1.8.7 (legacy): addrtype: option "--src-type" can only be used once.
stderr: 
stderr: Try `iptables -h' or 'iptables --help' for more information.
[exit 2]
$ iptables -A INPUT -m addrtype --src-type LOCAL,BOGUS
stderr: iptables v1.8.7 (legacy): addrtype: bad type "BOGUS"
stderr: Try `iptables -h' or 'iptables --help' for more information.
[exit 2]
$ iptables -A INPUT -m addrtype --src-type ""
stderr: iptables v1.8.7 (legacy): addrtype: bad type ""
stderr: Try `iptables -h' or 'iptables --help' for more information.
[exit 2]
$ iptables -A INPUT -m state --state ""
stderr: iptables v1.8.7 (legacy): "--state" requires a list of states with no spaces, e.g. ESTABLISHED,RELATED
stderr: Try `iptables -h' or 'iptables --help' for more information.
[exit 2]
$ iptables -A INPUT -m state --state NEW,
stderr: iptables v1.8.7 (legacy): "--state" requires a list of states with no spaces, e.g. ESTABLISHED,RELATED
stderr: Try `iptables -h' or 'iptables --help' for more information.
[exit 2]
$ iptables -A INPUT -m conntrack --ctstate NEW --ctstate NEW
stderr: iptables v1.8.7 (legacy): conntrack: option "--ctstate" can only be used once.
stderr: 
stderr: Try `iptables -h' or 'iptables --help' for more information.
[exit 2]
$ iptables -A INPUT -m conntrack --ctexpire x
stderr: iptables v1.8.7 (legacy): conntrack: bad value for option "--ctexpire" near "x", or out of range (0-4294967295).
stderr: 
stderr: Try `iptables -h' or 'iptables --help' for more information.
[exit 2]
$ iptables -A INPUT -m conntrack --ctexpire 5:1
$ iptables -A INPUT -m conntrack --ctorigsrcport 5:1
$ iptables -A INPUT -m conntrack --ctproto 0
$ iptables -A INPUT -m conntrack ! --ctproto 0
$ iptables -A INPUT -m conntrack --ctstatus none
$ iptables -A INPUT -m conntrack --ctdir original
$ iptables -A INPUT -m multiport --dports 1 -p tcp
stderr: iptables v1.8.7 (legacy): multiport needs `-p tcp', `-p udp', `-p udplite', `-p sctp' or `-p dccp'
stderr: Try `iptables -h' or 'iptables --help' for more information.
[exit 2]
$ iptables -A INPUT -p tcp -m multiport --dports 1 --dports 2
stderr: iptables v1.8.7 (legacy): multiport: option "--destination-ports" can only be used once.
stderr: 
stderr: Try `iptables -h' or 'iptables --help' for more information.
[exit 2]
$ iptables -A INPUT -p tcp -m multiport --dports ,
stderr: iptables v1.8.7 (legacy): invalid port/service `' specified
stderr: Try `iptables -h' or 'iptables --help' for more information.
[exit 2]
$ iptables -A INPUT -p tcp -m multiport --dports 1,,2
stderr: iptables v1.8.7 (legacy): invalid port/service `' specified
stderr: Try `iptables -h' or 'iptables --help' for more information.
[exit 2]
$ iptables -A INPUT -p tcp -m multiport --dports 1:
stderr: iptables v1.8.7 (legacy): invalid port/service `' specified
stderr: Try `iptables -h' or 'iptables --help' for more information.
[exit 2]
$ iptables -A INPUT -p udp -m multiport --dports :5
stderr: iptables v1.8.7 (legacy): invalid port/service `' specified
stderr: Try `iptables -h' or 'iptables --help' for more information.
[exit 2]
$ iptables -A INPUT -p tcp -m multiport --ports 1,2 --dports 3
stderr: iptables v1.8.7 (legacy): multiport: option "--destination-ports" cannot be used together with "--ports".
stderr: 
stderr: Try `iptables -h' or 'iptables --help' for more information.
[exit 2]
$ iptables -t nat -A PREROUTING -j DNAT --to-destination 1.2.3.4:80 -p tcp
stderr: iptables v1.8.7 (legacy): Need TCP, UDP, SCTP or DCCP with port specification
stderr: Try `iptables -h' or 'iptables --help' for more information.
[exit 2]
$ iptables -t nat -A PREROUTING -p tcp -j DNAT --to-destination 1.2.3.4:0
$ iptables -t nat -A PREROUTING -p tcp -j DNAT --to-destination 1.2.3.4:80-
stderr: iptables v1.8.7 (legacy): Port `' not valid
stderr: Try `iptables -h' or 'iptables --help' for more information.
[exit 2]
$ iptables -t nat -A PREROUTING -p tcp -j DNAT --to-destination 1.2.3.4-
stderr: iptables v1.8.7 (legacy): Bad IP address ""
stderr: Try `iptables -h' or 'iptables --help' for more information.
[exit 2]
$ iptables -t nat -A PREROUTING -p tcp -j DNAT --to-destination 1.2.3.4: 
stderr: iptables v1.8.7 (legacy): Port `' not valid
stderr: Try `iptables -h' or 'iptables --help' for more information.
[exit 2]
$ iptables -t nat -A PREROUTING -p tcp -j DNAT --to-destination 1.2.3.4:80/90
stderr: iptables v1.8.7 (legacy): Garbage after port value: `/90'
stderr: Try `iptables -h' or 'iptables --help' for more information.
[exit 2]
$ iptables -t nat -A PREROUTING -p tcp -j DNAT --to-destination 1.2.3.4 --random-fully
stderr: iptables v1.8.7 (legacy): unknown option "--random-fully"
stderr: Try `iptables -h' or 'iptables --help' for more information.
[exit 2]
$ iptables -t nat -A POSTROUTING -p tcp -j SNAT --to-source 1.2.3.4 --persistent
$ iptables -t nat -A POSTROUTING -p tcp -j MASQUERADE --to-ports 5-1
stderr: iptables v1.8.7 (legacy): Port range `1' funky
stderr: Try `iptables -h' or 'iptables --help' for more information.
[exit 2]
$ iptables -t nat -A POSTROUTING -p tcp -j MASQUERADE --to-ports 0
$ iptables -t nat -A PREROUTING -p tcp -j REDIRECT --to-ports 80 --to-ports 81
stderr: iptables v1.8.7 (legacy): REDIRECT: option "--to-ports" can only be used once.
stderr: 
stderr: Try `iptables -h' or 'iptables --help' for more information.
[exit 2]
$ iptables -t nat -A PREROUTING -p tcp -j REDIRECT --to-ports 80 --random-fully
stderr: iptables v1.8.7 (legacy): unknown option "--random-fully"
stderr: Try `iptables -h' or 'iptables --help' for more information.
[exit 2]
$ iptables -t raw -A PREROUTING -j CT --notrack --notrack
stderr: iptables v1.8.7 (legacy): CT: option "--notrack" can only be used once.
stderr: 
stderr: Try `iptables -h' or 'iptables --help' for more information.
[exit 2]
$ iptables -t raw -A PREROUTING -j TRACE --x
stderr: iptables v1.8.7 (legacy): unknown option "--x"
stderr: Try `iptables -h' or 'iptables --help' for more information.
[exit 2]
$ iptables -A INPUT -i ""
stderr: iptables v1.8.7 (legacy): Empty interface is likely to be undesired
stderr: Try `iptables -h' or 'iptables --help' for more information.
[exit 2]
$ iptables -A INPUT -s ""
stderr: iptables v1.8.7 (legacy): host/network `' not found
stderr: Try `iptables -h' or 'iptables --help' for more information.
[exit 2]
$ iptables -A INPUT -s 1.2.3
$ iptables -A INPUT -s 10
$ iptables -A INPUT -s 10.0.0.1/255.255.255.255
$ iptables -A INPUT -s 10.0.0.1/0.0.0.0
$ iptables -A INPUT -s 10.0.0.1/255.255
stderr: iptables v1.8.7 (legacy): invalid mask `255.255' specified
stderr: Try `iptables -h' or 'iptables --help' for more information.
[exit 2]
$ iptables -A INPUT -s localhost
$ iptables -A INPUT -s 1.2.3.4/
stderr: iptables v1.8.7 (legacy): invalid mask `' specified
stderr: Try `iptables -h' or 'iptables --help' for more information.
[exit 2]
$ iptables -A INPUT -s 0x0a000001
$ iptables -A INPUT -d 1.2.3.4/8,5.6.7.8
$ iptables -A INPUT -d 1.2.3.4,1.2.3.4
$ iptables -A INPUT -d ,
stderr: iptables v1.8.7 (legacy): host/network `' not found
stderr: Try `iptables -h' or 'iptables --help' for more information.
[exit 2]
$ iptables -A INPUT -j
stderr: iptables v1.8.7 (legacy): option "-j" requires an argument
stderr: Try `iptables -h' or 'iptables --help' for more information.
[exit 2]
$ iptables -A INPUT -j ""
stderr: iptables v1.8.7 (legacy): Invalid target name (too short)
stderr: Try `iptables -h' or 'iptables --help' for more information.
[exit 2]
$ iptables -A INPUT -j abcdefghijklmnopqrstuvwxyz0123
stderr: iptables v1.8.7 (legacy): Invalid target name `abcdefghijklmnopqrstuvwxyz0123' (28 chars max)
stderr: Try `iptables -h' or 'iptables --help' for more information.
[exit 2]
$ iptables -A abcdefghijklmnopqrstuvwxyz0123 -j ACCEPT
stderr: iptables v1.8.7 (legacy): chain name `abcdefghijklmnopqrstuvwxyz0123' too long (must be under 29 chars)
stderr: Try `iptables -h' or 'iptables --help' for more information.
[exit 2]
$ iptables -S
-P INPUT ACCEPT
-P FORWARD ACCEPT
-P OUTPUT ACCEPT
-A INPUT -p udp -m udp --dport 5:1
-A INPUT -p udp -m udp --dport 4464
-A INPUT -p tcp -m tcp
-A INPUT -p udp -m udp
-A INPUT -p tcp -m tcp --dport 80
-A INPUT -p tcp -m tcp ! --dport 80 ! --tcp-flags FIN,SYN,RST,ACK SYN
-A INPUT -p tcp -m tcp --tcp-flags SYN,ACK SYN
-A INPUT -m limit --limit 5/sec
-A INPUT -m limit --limit 5/min
-A INPUT -m statistic --mode random ! --probability 0.50000000000
-A INPUT -p icmp -m icmp --icmp-type 8
-A INPUT -p icmp -m icmp --icmp-type 8
-A INPUT -p icmp -m icmp --icmp-type 8
-A INPUT -j REJECT --reject-with icmp-host-unreachable
-A INPUT -p tcp -j REJECT --reject-with tcp-reset
-A INPUT -j CONNMARK --set-xmark 0x1/0x2
-A INPUT -j CONNMARK --save-mark --nfmask 0xffffffff --ctmask 0xff
-A INPUT -j CONNMARK --restore-mark --nfmask 0xff --ctmask 0xffffffff
-A INPUT -m conntrack --ctexpire 5:1
-A INPUT -m conntrack --ctorigsrcport 5:1
-A INPUT -m conntrack --ctproto 0
-A INPUT -m conntrack ! --ctproto 0
-A INPUT -m conntrack --ctstatus NONE
-A INPUT -m conntrack --ctdir ORIGINAL
-A INPUT -s 1.2.3.0/32
-A INPUT -s 10.0.0.0/32
-A INPUT -s 10.0.0.1/32
-A INPUT
-A INPUT -s 127.0.0.1/32
-A INPUT -s 10.0.0.1/32
-A INPUT -d 1.0.0.0/8
-A INPUT -d 5.6.7.8/32
-A INPUT -d 1.2.3.4/32
-A INPUT -d 1.2.3.4/32
=== getopt corners
$ iptables ! -A INPUT
stderr: iptables v1.8.7 (legacy): unexpected '!' flag
stderr: Try `iptables -h' or 'iptables --help' for more information.
[exit 2]
$ iptables -A INPUT ! -m tcp
stderr: iptables v1.8.7 (legacy): unexpected ! flag before --match
stderr: Try `iptables -h' or 'iptables --help' for more information.
[exit 2]
$ iptables ! -t nat -L
stderr: iptables v1.8.7 (legacy): unexpected ! flag before --table
stderr: Try `iptables -h' or 'iptables --help' for more information.
[exit 2]
$ iptables -A INPUT ! -p tcp ! --dport 80
stderr: iptables: Invalid argument. Run `dmesg' for more information.
[exit 1]
$ iptables -A INPUT -p tcp ! ! --dport 80
stderr: iptables v1.8.7 (legacy): multiple consecutive ! not allowed
stderr: Try `iptables -h' or 'iptables --help' for more information.
[exit 2]
$ iptables --append=INPUT --jump=ACCEPT
stderr: iptables v1.8.7 (legacy): Couldn't load target `--jump=ACCEPT':No such file or directory
stderr: 
stderr: Try `iptables -h' or 'iptables --help' for more information.
[exit 2]
$ iptables --list=INPUT --numeric
Chain INPUT (policy ACCEPT)
target     prot opt source               destination         
$ iptables --numeric=x -L
stderr: iptables v1.8.7 (legacy): unknown option "--numeric=x"
stderr: Try `iptables -h' or 'iptables --help' for more information.
[exit 2]
$ iptables -AINPUT -jDROP
stderr: iptables v1.8.7 (legacy): Couldn't load target `-jDROP':No such file or directory
stderr: 
stderr: Try `iptables -h' or 'iptables --help' for more information.
[exit 2]
$ iptables -Lnv
stderr: iptables: No chain/target/match by that name.
[exit 1]
$ iptables -L INPUT -nv --line
Chain INPUT (policy ACCEPT 0 packets, 0 bytes)
num   pkts bytes target     prot opt in     out     source               destination         
$ iptables -L --line-n
Chain INPUT (policy ACCEPT)
num  target     prot opt source               destination         

Chain FORWARD (policy ACCEPT)
num  target     prot opt source               destination         

Chain OUTPUT (policy ACCEPT)
num  target     prot opt source               destination         
$ iptables -L --li
stderr: iptables v1.8.7 (legacy): unknown option "--li"
stderr: Try `iptables -h' or 'iptables --help' for more information.
[exit 2]
$ iptables -L --in
stderr: iptables v1.8.7 (legacy): unknown option "--in"
stderr: Try `iptables -h' or 'iptables --help' for more information.
[exit 2]
$ iptables -S --verb
-P INPUT ACCEPT -c 0 0
-P FORWARD ACCEPT -c 0 0
-P OUTPUT ACCEPT -c 0 0
$ iptables -A INPUT -p tcp --dport=22 -j ACCEPT
$ iptables -A INPUT -p tcp --dp=23 -j ACCEPT
$ iptables -A INPUT -p tcp --syn=x
stderr: iptables v1.8.7 (legacy): unknown option "--syn=x"
stderr: Try `iptables -h' or 'iptables --help' for more information.
[exit 2]
$ iptables -A INPUT -pudp --dport 53
stderr: iptables v1.8.7 (legacy): unknown protocol "-pudp" specified
stderr: Try `iptables -h' or 'iptables --help' for more information.
[exit 2]
$ iptables -A INPUT -s10.0.0.1
stderr: iptables v1.8.7 (legacy): host/network `-s10.0.0.1' not found
stderr: Try `iptables -h' or 'iptables --help' for more information.
[exit 2]
$ iptables -A INPUT -- -j ACCEPT
stderr: iptables v1.8.7 (legacy): unknown arguments found on commandline
stderr: Try `iptables -h' or 'iptables --help' for more information.
[exit 2]
$ iptables -A INPUT - -j ACCEPT
stderr: Bad argument `-'
stderr: Try `iptables -h' or 'iptables --help' for more information.
[exit 2]
$ iptables -q
stderr: iptables v1.8.7 (legacy): unknown option "-q"
stderr: Try `iptables -h' or 'iptables --help' for more information.
[exit 2]
$ iptables -Lq
stderr: iptables: No chain/target/match by that name.
[exit 1]
$ iptables -nq
stderr: iptables v1.8.7 (legacy): unknown option "-nq"
stderr: Try `iptables -h' or 'iptables --help' for more information.
[exit 2]
$ iptables -A INPUT -p tcp --sport 1 --source-port 2
stderr: iptables v1.8.7 (legacy): Only one `--source-port' allowed
stderr: Try `iptables -h' or 'iptables --help' for more information.
[exit 2]
$ iptables -A INPUT -p tcp -m multiport --sports 1 --source-ports 2
stderr: iptables v1.8.7 (legacy): multiport: option "--source-ports" can only be used once.
stderr: 
stderr: Try `iptables -h' or 'iptables --help' for more information.
[exit 2]
$ iptables -I
stderr: iptables v1.8.7 (legacy): option "-I" requires an argument
stderr: Try `iptables -h' or 'iptables --help' for more information.
[exit 2]
$ iptables -I INPUT 2 3
stderr: Bad argument `3'
stderr: Try `iptables -h' or 'iptables --help' for more information.
[exit 2]
$ iptables -R INPUT 1 extra -j ACCEPT
stderr: Bad argument `extra'
stderr: Try `iptables -h' or 'iptables --help' for more information.
[exit 2]
$ iptables -D INPUT 1 -j ACCEPT
stderr: iptables v1.8.7 (legacy): Illegal option `-j' with this command
stderr: Try `iptables -h' or 'iptables --help' for more information.
[exit 2]
$ iptables -P INPUT ACCEPT -v -c 1 2
$ iptables -P INPUT ACCEPT -p tcp
stderr: iptables v1.8.7 (legacy): Illegal option `-p' with this command
stderr: Try `iptables -h' or 'iptables --help' for more information.
[exit 2]
$ iptables -E INPUT X -v
stderr: iptables: No chain/target/match by that name.
[exit 1]
$ iptables -X -v
$ iptables -F INPUT -n
stderr: iptables v1.8.7 (legacy): Illegal option `-n' with this command
stderr: Try `iptables -h' or 'iptables --help' for more information.
[exit 2]
$ iptables -Z INPUT -x
stderr: iptables v1.8.7 (legacy): Illegal option `-x' with this command
stderr: Try `iptables -h' or 'iptables --help' for more information.
[exit 2]
$ iptables -L INPUT -c 1 2
stderr: iptables v1.8.7 (legacy): Illegal option `-c' with this command
stderr: Try `iptables -h' or 'iptables --help' for more information.
[exit 2]
$ iptables -C INPUT -j ACCEPT -c 1 2
stderr: iptables v1.8.7 (legacy): Illegal option `-c' with this command
stderr: Try `iptables -h' or 'iptables --help' for more information.
[exit 2]
$ iptables -A INPUT -f ! -f
stderr: iptables v1.8.7 (legacy): multiple -f flags not allowed
stderr: Try `iptables -h' or 'iptables --help' for more information.
[exit 2]
$ iptables -A INPUT -i eth0 -o eth1 -p tcp --syn -s 1.1.1.1 -d 2.2.2.2 -m comment --comment "all of it" -j DROP
stderr: iptables v1.8.7 (legacy): Can't use -o with INPUT
stderr: 
stderr: Try `iptables -h' or 'iptables --help' for more information.
[exit 2]
$ iptables -S
-P INPUT ACCEPT
-P FORWARD ACCEPT
-P OUTPUT ACCEPT
-A INPUT -p tcp -m tcp --dport 22 -j ACCEPT
-A INPUT -p tcp -m tcp --dport 23 -j ACCEPT
$ iptables -vS
-P INPUT ACCEPT -c 1 2
-P FORWARD ACCEPT -c 0 0
-P OUTPUT ACCEPT -c 0 0
-A INPUT -p tcp -m tcp --dport 22 -c 0 0 -j ACCEPT
-A INPUT -p tcp -m tcp --dport 23 -c 0 0 -j ACCEPT
