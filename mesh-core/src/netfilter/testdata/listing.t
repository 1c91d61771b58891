// One rule of every kind, listed in every format.
=== every rule kind
$ iptables -A INPUT -p tcp --dport 80 -j ACCEPT
$ iptables -A INPUT -p tcp --sport 1024:65535 --dport 22 -j ACCEPT
$ iptables -A INPUT -p tcp ! --dport 22:23 -j DROP
$ iptables -A INPUT -p udp --dport 53 -j ACCEPT
$ iptables -A INPUT -p udp --sport 53 --dport 1000: -j ACCEPT
$ iptables -A INPUT -p udp --dport :1000 -j ACCEPT
$ iptables -A INPUT -p icmp --icmp-type echo-request -j ACCEPT
$ iptables -A INPUT -p icmp --icmp-type 8 -j ACCEPT
$ iptables -A INPUT -p icmp --icmp-type 3/1 -j ACCEPT
$ iptables -A INPUT -p icmp ! --icmp-type any -j ACCEPT
$ iptables -A INPUT -p icmp -j ACCEPT
$ iptables -A INPUT -s 10.0.0.0/8 -d 192.168.1.1 -j ACCEPT
$ iptables -A INPUT ! -s 10.1.2.3/255.255.0.0 ! -d 1.2.3.4/31 -j DROP
$ iptables -A INPUT -i eth0 -j ACCEPT
$ iptables -A INPUT ! -i eth+ -j ACCEPT
$ iptables -A INPUT -i verylonginterfac -j ACCEPT
stderr: iptables v1.8.7 (legacy): interface name `verylonginterfac' must be shorter than IFNAMSIZ (15)
stderr: Try `iptables -h' or 'iptables --help' for more information.
[exit 2]
$ iptables -A INPUT -f -j DROP
$ iptables -A INPUT ! -f -j DROP
$ iptables -A INPUT ! -p tcp -j DROP
$ iptables -A INPUT -p 47 -j DROP
$ iptables -A INPUT -p gre -j DROP
$ iptables -A INPUT -p sctp -j DROP
$ iptables -A INPUT -p all -j DROP
$ iptables -A INPUT -p 0 -j DROP
$ iptables -A INPUT -m state --state ESTABLISHED,RELATED -j ACCEPT
$ iptables -A INPUT -m state ! --state INVALID -j ACCEPT
$ iptables -A INPUT -m conntrack --ctstate ESTABLISHED,RELATED,NEW,INVALID,UNTRACKED,SNAT,DNAT -j ACCEPT
$ iptables -A INPUT -m conntrack ! --ctstate NEW --ctproto tcp --ctorigsrc 1.2.3.4 --ctorigdst 5.6.7.0/24 --ctreplsrc 9.9.9.9 --ctrepldst 8.8.8.8 --ctorigsrcport 10 --ctorigdstport 20:30 --ctstatus ASSURED,SEEN_REPLY --ctdir ORIGINAL -j ACCEPT
$ iptables -A INPUT -m conntrack --ctstatus NONE,EXPECTED,CONFIRMED --ctdir REPLY --ctexpire 10:20 -j ACCEPT
$ iptables -A INPUT -m mark --mark 0x10f -j ACCEPT
$ iptables -A INPUT -m mark ! --mark 5/0xff -j ACCEPT
$ iptables -A INPUT -m connmark --mark 7 -j ACCEPT
$ iptables -A INPUT -m connmark --mark 7/0xf -j ACCEPT
$ iptables -A INPUT -m comment --comment "hello world" -j ACCEPT
$ iptables -A INPUT -m comment --comment simple -j ACCEPT
$ iptables -A INPUT -m addrtype --dst-type LOCAL -j ACCEPT
$ iptables -A INPUT -m addrtype ! --src-type LOCAL,UNICAST --dst-type BROADCAST --limit-iface-in -j ACCEPT
$ iptables -A INPUT -m multiport --dports 80,443,8000:8080 -p tcp -j ACCEPT
stderr: iptables v1.8.7 (legacy): multiport needs `-p tcp', `-p udp', `-p udplite', `-p sctp' or `-p dccp'
stderr: Try `iptables -h' or 'iptables --help' for more information.
[exit 2]
$ iptables -A INPUT -p udp -m multiport ! --sports 53,67 -j ACCEPT
$ iptables -A INPUT -p tcp -m multiport --ports 1,2 -j ACCEPT
$ iptables -A INPUT -m statistic --mode nth --every 3 --packet 1 -j ACCEPT
$ iptables -A INPUT -m statistic --mode nth --every 3 -j ACCEPT
stderr: iptables v1.8.7 (legacy): statistic: option "--every" also requires "--packet".
stderr: 
stderr: Try `iptables -h' or 'iptables --help' for more information.
[exit 2]
$ iptables -A INPUT -m statistic --mode random --probability 0.25 -j ACCEPT
$ iptables -A INPUT -m statistic ! --mode random --probability 0.5 -j ACCEPT
stderr: iptables v1.8.7 (legacy): statistic: option "--mode" cannot be inverted.
stderr: 
stderr: Try `iptables -h' or 'iptables --help' for more information.
[exit 2]
$ iptables -A INPUT -m limit --limit 5/min --limit-burst 10 -j ACCEPT
$ iptables -A INPUT -m limit -j ACCEPT
$ iptables -A INPUT -p tcp --tcp-flags SYN,ACK,FIN,RST SYN -j ACCEPT
$ iptables -A INPUT -p tcp --syn -j ACCEPT
$ iptables -A INPUT -p tcp ! --syn -j ACCEPT
$ iptables -A INPUT -p tcp --tcp-flags ALL NONE -j DROP
$ iptables -A INPUT -p tcp --tcp-option 2 -j DROP
$ iptables -A INPUT -p tcp ! --tcp-option 8 -j DROP
$ iptables -A INPUT -j REJECT
$ iptables -A INPUT -j REJECT --reject-with icmp-net-unreachable
$ iptables -A INPUT -j REJECT --reject-with icmp-host-unreachable
$ iptables -A INPUT -j REJECT --reject-with icmp-proto-unreachable
$ iptables -A INPUT -j REJECT --reject-with icmp-net-prohibited
$ iptables -A INPUT -j REJECT --reject-with icmp-host-prohibited
$ iptables -A INPUT -j REJECT --reject-with icmp-admin-prohibited
$ iptables -A INPUT -p tcp -j REJECT --reject-with tcp-reset
$ iptables -A INPUT -j LOG
$ iptables -A INPUT -j LOG --log-prefix "IN: " --log-level 4
$ iptables -A INPUT -j LOG --log-level debug --log-tcp-sequence --log-tcp-options --log-ip-options --log-uid
$ iptables -A INPUT -j MARK --set-mark 0x10f
$ iptables -A INPUT -j MARK --set-mark 1/0xff
$ iptables -A INPUT -j MARK --set-xmark 0x1/0xffffffff
$ iptables -A INPUT -j MARK --set-xmark 5/7
$ iptables -A INPUT -j MARK --and-mark 0xf0
$ iptables -A INPUT -j MARK --or-mark 3
$ iptables -A INPUT -j MARK --xor-mark 3
$ iptables -A INPUT -j CONNMARK --set-mark 5
$ iptables -A INPUT -j CONNMARK --set-mark 5/0xff
$ iptables -A INPUT -j CONNMARK --save-mark
$ iptables -A INPUT -j CONNMARK --restore-mark
$ iptables -A INPUT -j CONNMARK --save-mark --mask 0xff
$ iptables -A INPUT -j CONNMARK --restore-mark --nfmask 0xf --ctmask 0xf0
$ iptables -A INPUT -j CONNMARK --set-xmark 1/3
$ iptables -A INPUT -j RETURN
$ iptables -N USER
$ iptables -A INPUT -j USER
$ iptables -A INPUT -g USER
$ iptables -A INPUT -p tcp -g USER
$ iptables -A USER -j RETURN
$ iptables -S
-P INPUT ACCEPT
-P FORWARD ACCEPT
-P OUTPUT ACCEPT
-N USER
-A INPUT -p tcp -m tcp --dport 80 -j ACCEPT
-A INPUT -p tcp -m tcp --sport 1024:65535 --dport 22 -j ACCEPT
-A INPUT -p tcp -m tcp ! --dport 22:23 -j DROP
-A INPUT -p udp -m udp --dport 53 -j ACCEPT
-A INPUT -p udp -m udp --sport 53 --dport 1000:65535 -j ACCEPT
-A INPUT -p udp -m udp --dport 0:1000 -j ACCEPT
-A INPUT -p icmp -m icmp --icmp-type 8 -j ACCEPT
-A INPUT -p icmp -m icmp --icmp-type 8 -j ACCEPT
-A INPUT -p icmp -m icmp --icmp-type 3/1 -j ACCEPT
-A INPUT -p icmp -m icmp ! --icmp-type any -j ACCEPT
-A INPUT -p icmp -j ACCEPT
-A INPUT -s 10.0.0.0/8 -d 192.168.1.1/32 -j ACCEPT
-A INPUT ! -s 10.1.0.0/16 ! -d 1.2.3.4/31 -j DROP
-A INPUT -i eth0 -j ACCEPT
-A INPUT ! -i eth+ -j ACCEPT
-A INPUT -f -j DROP
-A INPUT ! -f -j DROP
-A INPUT ! -p tcp -j DROP
-A INPUT -p gre -j DROP
-A INPUT -p gre -j DROP
-A INPUT -p sctp -j DROP
-A INPUT -j DROP
-A INPUT -j DROP
-A INPUT -m state --state RELATED,ESTABLISHED -j ACCEPT
-A INPUT -m state ! --state INVALID -j ACCEPT
-A INPUT -m conntrack --ctstate INVALID,NEW,RELATED,ESTABLISHED,UNTRACKED,SNAT,DNAT -j ACCEPT
-A INPUT -m conntrack ! --ctstate NEW --ctproto 6 --ctorigsrc 1.2.3.4 --ctorigdst 5.6.7.0/24 --ctreplsrc 9.9.9.9 --ctrepldst 8.8.8.8 --ctorigsrcport 10 --ctorigdstport 20:30 --ctstatus SEEN_REPLY,ASSURED --ctdir ORIGINAL -j ACCEPT
-A INPUT -m conntrack --ctstatus EXPECTED,CONFIRMED --ctexpire 10:20 --ctdir REPLY -j ACCEPT
-A INPUT -m mark --mark 0x10f -j ACCEPT
-A INPUT -m mark ! --mark 0x5/0xff -j ACCEPT
-A INPUT -m connmark --mark 0x7 -j ACCEPT
-A INPUT -m connmark --mark 0x7/0xf -j ACCEPT
-A INPUT -m comment --comment "hello world" -j ACCEPT
-A INPUT -m comment --comment simple -j ACCEPT
-A INPUT -m addrtype --dst-type LOCAL -j ACCEPT
-A INPUT -m addrtype ! --src-type UNICAST,LOCAL --dst-type BROADCAST --limit-iface-in -j ACCEPT
-A INPUT -p udp -m multiport ! --sports 53,67 -j ACCEPT
-A INPUT -p tcp -m multiport --ports 1,2 -j ACCEPT
-A INPUT -m statistic --mode nth --every 3 --packet 1 -j ACCEPT
-A INPUT -m statistic --mode random --probability 0.25000000000 -j ACCEPT
-A INPUT -m limit --limit 5/min --limit-burst 10 -j ACCEPT
-A INPUT -m limit --limit 3/hour -j ACCEPT
-A INPUT -p tcp -m tcp --tcp-flags FIN,SYN,RST,ACK SYN -j ACCEPT
-A INPUT -p tcp -m tcp --tcp-flags FIN,SYN,RST,ACK SYN -j ACCEPT
-A INPUT -p tcp -m tcp ! --tcp-flags FIN,SYN,RST,ACK SYN -j ACCEPT
-A INPUT -p tcp -m tcp --tcp-flags FIN,SYN,RST,PSH,ACK,URG NONE -j DROP
-A INPUT -p tcp -m tcp --tcp-option 2 -j DROP
-A INPUT -p tcp -m tcp ! --tcp-option 8 -j DROP
-A INPUT -j REJECT --reject-with icmp-port-unreachable
-A INPUT -j REJECT --reject-with icmp-net-unreachable
-A INPUT -j REJECT --reject-with icmp-host-unreachable
-A INPUT -j REJECT --reject-with icmp-proto-unreachable
-A INPUT -j REJECT --reject-with icmp-net-prohibited
-A INPUT -j REJECT --reject-with icmp-host-prohibited
-A INPUT -j REJECT --reject-with icmp-admin-prohibited
-A INPUT -p tcp -j REJECT --reject-with tcp-reset
-A INPUT -j LOG
-A INPUT -j LOG --log-prefix "IN: "
-A INPUT -j LOG --log-level 7 --log-tcp-sequence --log-tcp-options --log-ip-options --log-uid
-A INPUT -j MARK --set-xmark 0x10f/0xffffffff
-A INPUT -j MARK --set-xmark 0x1/0xff
-A INPUT -j MARK --set-xmark 0x1/0xffffffff
-A INPUT -j MARK --set-xmark 0x5/0x7
-A INPUT -j MARK --set-xmark 0x0/0xffffff0f
-A INPUT -j MARK --set-xmark 0x3/0x3
-A INPUT -j MARK --set-xmark 0x3/0x0
-A INPUT -j CONNMARK --set-xmark 0x5/0xffffffff
-A INPUT -j CONNMARK --set-xmark 0x5/0xff
-A INPUT -j CONNMARK --save-mark --nfmask 0xffffffff --ctmask 0xffffffff
-A INPUT -j CONNMARK --restore-mark --nfmask 0xffffffff --ctmask 0xffffffff
-A INPUT -j CONNMARK --save-mark --nfmask 0xff --ctmask 0xff
-A INPUT -j CONNMARK --restore-mark --nfmask 0xf --ctmask 0xf0
-A INPUT -j CONNMARK --set-xmark 0x1/0x3
-A INPUT -j RETURN
-A INPUT -j USER
-A INPUT -g USER
-A INPUT -p tcp -g USER
-A USER -j RETURN
$ iptables -L
Chain INPUT (policy ACCEPT)
target     prot opt source               destination         
ACCEPT     tcp  --  anywhere             anywhere             tcp dpt:http
ACCEPT     tcp  --  anywhere             anywhere             tcp spts:1024:65535 dpt:ssh
DROP       tcp  --  anywhere             anywhere             tcp dpts:!ssh:telnet
ACCEPT     udp  --  anywhere             anywhere             udp dpt:domain
ACCEPT     udp  --  anywhere             anywhere             udp spt:domain dpts:1000:65535
ACCEPT     udp  --  anywhere             anywhere             udp dpts:0:1000
ACCEPT     icmp --  anywhere             anywhere             icmp echo-request
ACCEPT     icmp --  anywhere             anywhere             icmp echo-request
ACCEPT     icmp --  anywhere             anywhere             icmp host-unreachable
ACCEPT     icmp --  anywhere             anywhere             icmp !any
ACCEPT     icmp --  anywhere             anywhere            
ACCEPT     all  --  10.0.0.0/8           192.168.1.1         
DROP       all  -- !10.1.0.0/16         !1.2.3.4/31          
ACCEPT     all  --  anywhere             anywhere            
ACCEPT     all  --  anywhere             anywhere            
DROP       all  -f  anywhere             anywhere            
DROP       all  !f  anywhere             anywhere            
DROP      !tcp  --  anywhere             anywhere            
DROP       gre  --  anywhere             anywhere            
DROP       gre  --  anywhere             anywhere            
DROP       sctp --  anywhere             anywhere            
DROP       all  --  anywhere             anywhere            
DROP       all  --  anywhere             anywhere            
ACCEPT     all  --  anywhere             anywhere             state RELATED,ESTABLISHED
ACCEPT     all  --  anywhere             anywhere             ! state INVALID
ACCEPT     all  --  anywhere             anywhere             ctstate INVALID,NEW,RELATED,ESTABLISHED,UNTRACKED,SNAT,DNAT
ACCEPT     all  --  anywhere             anywhere             ! ctstate NEW ctproto 6 ctorigsrc 1.2.3.4 ctorigdst 5.6.7.0/24 ctreplsrc 9.9.9.9 ctrepldst 8.8.8.8 ctorigsrcport 10 ctorigdstport 20:30 ctstatus SEEN_REPLY,ASSURED ctdir ORIGINAL
ACCEPT     all  --  anywhere             anywhere             ctstatus EXPECTED,CONFIRMED ctexpire 10:20 ctdir REPLY
ACCEPT     all  --  anywhere             anywhere             mark match 0x10f
ACCEPT     all  --  anywhere             anywhere             mark match ! 0x5/0xff
ACCEPT     all  --  anywhere             anywhere             connmark match  0x7
ACCEPT     all  --  anywhere             anywhere             connmark match  0x7/0xf
ACCEPT     all  --  anywhere             anywhere             /* hello world */
ACCEPT     all  --  anywhere             anywhere             /* simple */
ACCEPT     all  --  anywhere             anywhere             ADDRTYPE match dst-type LOCAL
ACCEPT     all  --  anywhere             anywhere             ADDRTYPE match src-type !UNICAST,LOCAL dst-type BROADCAST limit-in
ACCEPT     udp  --  anywhere             anywhere             multiport sports  !domain,bootps
ACCEPT     tcp  --  anywhere             anywhere             multiport ports tcpmux,2
ACCEPT     all  --  anywhere             anywhere             statistic mode nth every 3 packet 1
ACCEPT     all  --  anywhere             anywhere             statistic mode random probability 0.25000000000
ACCEPT     all  --  anywhere             anywhere             limit: avg 5/min burst 10
ACCEPT     all  --  anywhere             anywhere             limit: avg 3/hour burst 5
ACCEPT     tcp  --  anywhere             anywhere             tcp flags:FIN,SYN,RST,ACK/SYN
ACCEPT     tcp  --  anywhere             anywhere             tcp flags:FIN,SYN,RST,ACK/SYN
ACCEPT     tcp  --  anywhere             anywhere             tcp flags:!FIN,SYN,RST,ACK/SYN
DROP       tcp  --  anywhere             anywhere             tcp flags:FIN,SYN,RST,PSH,ACK,URG/NONE
DROP       tcp  --  anywhere             anywhere             tcp option=2
DROP       tcp  --  anywhere             anywhere             tcp option=!8
REJECT     all  --  anywhere             anywhere             reject-with icmp-port-unreachable
REJECT     all  --  anywhere             anywhere             reject-with icmp-net-unreachable
REJECT     all  --  anywhere             anywhere             reject-with icmp-host-unreachable
REJECT     all  --  anywhere             anywhere             reject-with icmp-proto-unreachable
REJECT     all  --  anywhere             anywhere             reject-with icmp-net-prohibited
REJECT     all  --  anywhere             anywhere             reject-with icmp-host-prohibited
REJECT     all  --  anywhere             anywhere             reject-with icmp-admin-prohibited
REJECT     tcp  --  anywhere             anywhere             reject-with tcp-reset
LOG        all  --  anywhere             anywhere             LOG level warn
LOG        all  --  anywhere             anywhere             LOG level warn prefix "IN: "
LOG        all  --  anywhere             anywhere             LOG level debug tcp-sequence tcp-options ip-options uid
MARK       all  --  anywhere             anywhere             MARK set 0x10f
MARK       all  --  anywhere             anywhere             MARK xset 0x1/0xff
MARK       all  --  anywhere             anywhere             MARK set 0x1
MARK       all  --  anywhere             anywhere             MARK xset 0x5/0x7
MARK       all  --  anywhere             anywhere             MARK and 0xf0
MARK       all  --  anywhere             anywhere             MARK or 0x3
MARK       all  --  anywhere             anywhere             MARK xor 0x3
CONNMARK   all  --  anywhere             anywhere             CONNMARK set 0x5
CONNMARK   all  --  anywhere             anywhere             CONNMARK xset 0x5/0xff
CONNMARK   all  --  anywhere             anywhere             CONNMARK save
CONNMARK   all  --  anywhere             anywhere             CONNMARK restore
CONNMARK   all  --  anywhere             anywhere             CONNMARK save mask 0xff
CONNMARK   all  --  anywhere             anywhere             CONNMARK restore ctmask 0xf0 nfmask ~0xf
CONNMARK   all  --  anywhere             anywhere             CONNMARK xset 0x1/0x3
RETURN     all  --  anywhere             anywhere            
USER       all  --  anywhere             anywhere            
USER       all  --  anywhere             anywhere            [goto] 
USER       tcp  --  anywhere             anywhere            [goto] 

Chain FORWARD (policy ACCEPT)
target     prot opt source               destination         

Chain OUTPUT (policy ACCEPT)
target     prot opt source               destination         

Chain USER (3 references)
target     prot opt source               destination         
RETURN     all  --  anywhere             anywhere            
$ iptables -nL
Chain INPUT (policy ACCEPT)
target     prot opt source               destination         
ACCEPT     tcp  --  0.0.0.0/0            0.0.0.0/0            tcp dpt:80
ACCEPT     tcp  --  0.0.0.0/0            0.0.0.0/0            tcp spts:1024:65535 dpt:22
DROP       tcp  --  0.0.0.0/0            0.0.0.0/0            tcp dpts:!22:23
ACCEPT     udp  --  0.0.0.0/0            0.0.0.0/0            udp dpt:53
ACCEPT     udp  --  0.0.0.0/0            0.0.0.0/0            udp spt:53 dpts:1000:65535
ACCEPT     udp  --  0.0.0.0/0            0.0.0.0/0            udp dpts:0:1000
ACCEPT     icmp --  0.0.0.0/0            0.0.0.0/0            icmptype 8
ACCEPT     icmp --  0.0.0.0/0            0.0.0.0/0            icmptype 8
ACCEPT     icmp --  0.0.0.0/0            0.0.0.0/0            icmptype 3 code 1
ACCEPT     icmp --  0.0.0.0/0            0.0.0.0/0            icmp !type 255
ACCEPT     icmp --  0.0.0.0/0            0.0.0.0/0           
ACCEPT     all  --  10.0.0.0/8           192.168.1.1         
DROP       all  -- !10.1.0.0/16         !1.2.3.4/31          
ACCEPT     all  --  0.0.0.0/0            0.0.0.0/0           
ACCEPT     all  --  0.0.0.0/0            0.0.0.0/0           
DROP       all  -f  0.0.0.0/0            0.0.0.0/0           
DROP       all  !f  0.0.0.0/0            0.0.0.0/0           
DROP      !tcp  --  0.0.0.0/0            0.0.0.0/0           
DROP       47   --  0.0.0.0/0            0.0.0.0/0           
DROP       47   --  0.0.0.0/0            0.0.0.0/0           
DROP       sctp --  0.0.0.0/0            0.0.0.0/0           
DROP       all  --  0.0.0.0/0            0.0.0.0/0           
DROP       all  --  0.0.0.0/0            0.0.0.0/0           
ACCEPT     all  --  0.0.0.0/0            0.0.0.0/0            state RELATED,ESTABLISHED
ACCEPT     all  --  0.0.0.0/0            0.0.0.0/0            ! state INVALID
ACCEPT     all  --  0.0.0.0/0            0.0.0.0/0            ctstate INVALID,NEW,RELATED,ESTABLISHED,UNTRACKED,SNAT,DNAT
ACCEPT     all  --  0.0.0.0/0            0.0.0.0/0            ! ctstate NEW ctproto 6 ctorigsrc 1.2.3.4 ctorigdst 5.6.7.0/24 ctreplsrc 9.9.9.9 ctrepldst 8.8.8.8 ctorigsrcport 10 ctorigdstport 20:30 ctstatus SEEN_REPLY,ASSURED ctdir ORIGINAL
ACCEPT     all  --  0.0.0.0/0            0.0.0.0/0            ctstatus EXPECTED,CONFIRMED ctexpire 10:20 ctdir REPLY
ACCEPT     all  --  0.0.0.0/0            0.0.0.0/0            mark match 0x10f
ACCEPT     all  --  0.0.0.0/0            0.0.0.0/0            mark match ! 0x5/0xff
ACCEPT     all  --  0.0.0.0/0            0.0.0.0/0            connmark match  0x7
ACCEPT     all  --  0.0.0.0/0            0.0.0.0/0            connmark match  0x7/0xf
ACCEPT     all  --  0.0.0.0/0            0.0.0.0/0            /* hello world */
ACCEPT     all  --  0.0.0.0/0            0.0.0.0/0            /* simple */
ACCEPT     all  --  0.0.0.0/0            0.0.0.0/0            ADDRTYPE match dst-type LOCAL
ACCEPT     all  --  0.0.0.0/0            0.0.0.0/0            ADDRTYPE match src-type !UNICAST,LOCAL dst-type BROADCAST limit-in
ACCEPT     udp  --  0.0.0.0/0            0.0.0.0/0            multiport sports  !53,67
ACCEPT     tcp  --  0.0.0.0/0            0.0.0.0/0            multiport ports 1,2
ACCEPT     all  --  0.0.0.0/0            0.0.0.0/0            statistic mode nth every 3 packet 1
ACCEPT     all  --  0.0.0.0/0            0.0.0.0/0            statistic mode random probability 0.25000000000
ACCEPT     all  --  0.0.0.0/0            0.0.0.0/0            limit: avg 5/min burst 10
ACCEPT     all  --  0.0.0.0/0            0.0.0.0/0            limit: avg 3/hour burst 5
ACCEPT     tcp  --  0.0.0.0/0            0.0.0.0/0            tcp flags:0x17/0x02
ACCEPT     tcp  --  0.0.0.0/0            0.0.0.0/0            tcp flags:0x17/0x02
ACCEPT     tcp  --  0.0.0.0/0            0.0.0.0/0            tcp flags:!0x17/0x02
DROP       tcp  --  0.0.0.0/0            0.0.0.0/0            tcp flags:0x3F/0x00
DROP       tcp  --  0.0.0.0/0            0.0.0.0/0            tcp option=2
DROP       tcp  --  0.0.0.0/0            0.0.0.0/0            tcp option=!8
REJECT     all  --  0.0.0.0/0            0.0.0.0/0            reject-with icmp-port-unreachable
REJECT     all  --  0.0.0.0/0            0.0.0.0/0            reject-with icmp-net-unreachable
REJECT     all  --  0.0.0.0/0            0.0.0.0/0            reject-with icmp-host-unreachable
REJECT     all  --  0.0.0.0/0            0.0.0.0/0            reject-with icmp-proto-unreachable
REJECT     all  --  0.0.0.0/0            0.0.0.0/0            reject-with icmp-net-prohibited
REJECT     all  --  0.0.0.0/0            0.0.0.0/0            reject-with icmp-host-prohibited
REJECT     all  --  0.0.0.0/0            0.0.0.0/0            reject-with icmp-admin-prohibited
REJECT     tcp  --  0.0.0.0/0            0.0.0.0/0            reject-with tcp-reset
LOG        all  --  0.0.0.0/0            0.0.0.0/0            LOG flags 0 level 4
LOG        all  --  0.0.0.0/0            0.0.0.0/0            LOG flags 0 level 4 prefix "IN: "
LOG        all  --  0.0.0.0/0            0.0.0.0/0            LOG flags 15 level 7
MARK       all  --  0.0.0.0/0            0.0.0.0/0            MARK set 0x10f
MARK       all  --  0.0.0.0/0            0.0.0.0/0            MARK xset 0x1/0xff
MARK       all  --  0.0.0.0/0            0.0.0.0/0            MARK set 0x1
MARK       all  --  0.0.0.0/0            0.0.0.0/0            MARK xset 0x5/0x7
MARK       all  --  0.0.0.0/0            0.0.0.0/0            MARK and 0xf0
MARK       all  --  0.0.0.0/0            0.0.0.0/0            MARK or 0x3
MARK       all  --  0.0.0.0/0            0.0.0.0/0            MARK xor 0x3
CONNMARK   all  --  0.0.0.0/0            0.0.0.0/0            CONNMARK set 0x5
CONNMARK   all  --  0.0.0.0/0            0.0.0.0/0            CONNMARK xset 0x5/0xff
CONNMARK   all  --  0.0.0.0/0            0.0.0.0/0            CONNMARK save
CONNMARK   all  --  0.0.0.0/0            0.0.0.0/0            CONNMARK restore
CONNMARK   all  --  0.0.0.0/0            0.0.0.0/0            CONNMARK save mask 0xff
CONNMARK   all  --  0.0.0.0/0            0.0.0.0/0            CONNMARK restore ctmask 0xf0 nfmask ~0xf
CONNMARK   all  --  0.0.0.0/0            0.0.0.0/0            CONNMARK xset 0x1/0x3
RETURN     all  --  0.0.0.0/0            0.0.0.0/0           
USER       all  --  0.0.0.0/0            0.0.0.0/0           
USER       all  --  0.0.0.0/0            0.0.0.0/0           [goto] 
USER       tcp  --  0.0.0.0/0            0.0.0.0/0           [goto] 

Chain FORWARD (policy ACCEPT)
target     prot opt source               destination         

Chain OUTPUT (policy ACCEPT)
target     prot opt source               destination         

Chain USER (3 references)
target     prot opt source               destination         
RETURN     all  --  0.0.0.0/0            0.0.0.0/0           
$ iptables -vL
Chain INPUT (policy ACCEPT 0 packets, 0 bytes)
 pkts bytes target     prot opt in     out     source               destination         
    0     0 ACCEPT     tcp  --  any    any     anywhere             anywhere             tcp dpt:http
    0     0 ACCEPT     tcp  --  any    any     anywhere             anywhere             tcp spts:1024:65535 dpt:ssh
    0     0 DROP       tcp  --  any    any     anywhere             anywhere             tcp dpts:!ssh:telnet
    0     0 ACCEPT     udp  --  any    any     anywhere             anywhere             udp dpt:domain
    0     0 ACCEPT     udp  --  any    any     anywhere             anywhere             udp spt:domain dpts:1000:65535
    0     0 ACCEPT     udp  --  any    any     anywhere             anywhere             udp dpts:0:1000
    0     0 ACCEPT     icmp --  any    any     anywhere             anywhere             icmp echo-request
    0     0 ACCEPT     icmp --  any    any     anywhere             anywhere             icmp echo-request
    0     0 ACCEPT     icmp --  any    any     anywhere             anywhere             icmp host-unreachable
    0     0 ACCEPT     icmp --  any    any     anywhere             anywhere             icmp !any
    0     0 ACCEPT     icmp --  any    any     anywhere             anywhere            
    0     0 ACCEPT     all  --  any    any     10.0.0.0/8           192.168.1.1         
    0     0 DROP       all  --  any    any    !10.1.0.0/16         !1.2.3.4/31          
    0     0 ACCEPT     all  --  eth0   any     anywhere             anywhere            
    0     0 ACCEPT     all  --  !eth+  any     anywhere             anywhere            
    0     0 DROP       all  -f  any    any     anywhere             anywhere            
    0     0 DROP       all  !f  any    any     anywhere             anywhere            
    0     0 DROP      !tcp  --  any    any     anywhere             anywhere            
    0     0 DROP       gre  --  any    any     anywhere             anywhere            
    0     0 DROP       gre  --  any    any     anywhere             anywhere            
    0     0 DROP       sctp --  any    any     anywhere             anywhere            
    0     0 DROP       all  --  any    any     anywhere             anywhere            
    0     0 DROP       all  --  any    any     anywhere             anywhere            
    0     0 ACCEPT     all  --  any    any     anywhere             anywhere             state RELATED,ESTABLISHED
    0     0 ACCEPT     all  --  any    any     anywhere             anywhere             ! state INVALID
    0     0 ACCEPT     all  --  any    any     anywhere             anywhere             ctstate INVALID,NEW,RELATED,ESTABLISHED,UNTRACKED,SNAT,DNAT
    0     0 ACCEPT     all  --  any    any     anywhere             anywhere             ! ctstate NEW ctproto 6 ctorigsrc 1.2.3.4 ctorigdst 5.6.7.0/24 ctreplsrc 9.9.9.9 ctrepldst 8.8.8.8 ctorigsrcport 10 ctorigdstport 20:30 ctstatus SEEN_REPLY,ASSURED ctdir ORIGINAL
    0     0 ACCEPT     all  --  any    any     anywhere             anywhere             ctstatus EXPECTED,CONFIRMED ctexpire 10:20 ctdir REPLY
    0     0 ACCEPT     all  --  any    any     anywhere             anywhere             mark match 0x10f
    0     0 ACCEPT     all  --  any    any     anywhere             anywhere             mark match ! 0x5/0xff
    0     0 ACCEPT     all  --  any    any     anywhere             anywhere             connmark match  0x7
    0     0 ACCEPT     all  --  any    any     anywhere             anywhere             connmark match  0x7/0xf
    0     0 ACCEPT     all  --  any    any     anywhere             anywhere             /* hello world */
    0     0 ACCEPT     all  --  any    any     anywhere             anywhere             /* simple */
    0     0 ACCEPT     all  --  any    any     anywhere             anywhere             ADDRTYPE match dst-type LOCAL
    0     0 ACCEPT     all  --  any    any     anywhere             anywhere             ADDRTYPE match src-type !UNICAST,LOCAL dst-type BROADCAST limit-in
    0     0 ACCEPT     udp  --  any    any     anywhere             anywhere             multiport sports  !domain,bootps
    0     0 ACCEPT     tcp  --  any    any     anywhere             anywhere             multiport ports tcpmux,2
    0     0 ACCEPT     all  --  any    any     anywhere             anywhere             statistic mode nth every 3 packet 1
    0     0 ACCEPT     all  --  any    any     anywhere             anywhere             statistic mode random probability 0.25000000000
    0     0 ACCEPT     all  --  any    any     anywhere             anywhere             limit: avg 5/min burst 10
    0     0 ACCEPT     all  --  any    any     anywhere             anywhere             limit: avg 3/hour burst 5
    0     0 ACCEPT     tcp  --  any    any     anywhere             anywhere             tcp flags:FIN,SYN,RST,ACK/SYN
    0     0 ACCEPT     tcp  --  any    any     anywhere             anywhere             tcp flags:FIN,SYN,RST,ACK/SYN
    0     0 ACCEPT     tcp  --  any    any     anywhere             anywhere             tcp flags:!FIN,SYN,RST,ACK/SYN
    0     0 DROP       tcp  --  any    any     anywhere             anywhere             tcp flags:FIN,SYN,RST,PSH,ACK,URG/NONE
    0     0 DROP       tcp  --  any    any     anywhere             anywhere             tcp option=2
    0     0 DROP       tcp  --  any    any     anywhere             anywhere             tcp option=!8
    0     0 REJECT     all  --  any    any     anywhere             anywhere             reject-with icmp-port-unreachable
    0     0 REJECT     all  --  any    any     anywhere             anywhere             reject-with icmp-net-unreachable
    0     0 REJECT     all  --  any    any     anywhere             anywhere             reject-with icmp-host-unreachable
    0     0 REJECT     all  --  any    any     anywhere             anywhere             reject-with icmp-proto-unreachable
    0     0 REJECT     all  --  any    any     anywhere             anywhere             reject-with icmp-net-prohibited
    0     0 REJECT     all  --  any    any     anywhere             anywhere             reject-with icmp-host-prohibited
    0     0 REJECT     all  --  any    any     anywhere             anywhere             reject-with icmp-admin-prohibited
    0     0 REJECT     tcp  --  any    any     anywhere             anywhere             reject-with tcp-reset
    0     0 LOG        all  --  any    any     anywhere             anywhere             LOG level warn
    0     0 LOG        all  --  any    any     anywhere             anywhere             LOG level warn prefix "IN: "
    0     0 LOG        all  --  any    any     anywhere             anywhere             LOG level debug tcp-sequence tcp-options ip-options uid
    0     0 MARK       all  --  any    any     anywhere             anywhere             MARK set 0x10f
    0     0 MARK       all  --  any    any     anywhere             anywhere             MARK xset 0x1/0xff
    0     0 MARK       all  --  any    any     anywhere             anywhere             MARK set 0x1
    0     0 MARK       all  --  any    any     anywhere             anywhere             MARK xset 0x5/0x7
    0     0 MARK       all  --  any    any     anywhere             anywhere             MARK and 0xf0
    0     0 MARK       all  --  any    any     anywhere             anywhere             MARK or 0x3
    0     0 MARK       all  --  any    any     anywhere             anywhere             MARK xor 0x3
    0     0 CONNMARK   all  --  any    any     anywhere             anywhere             CONNMARK set 0x5
    0     0 CONNMARK   all  --  any    any     anywhere             anywhere             CONNMARK xset 0x5/0xff
    0     0 CONNMARK   all  --  any    any     anywhere             anywhere             CONNMARK save
    0     0 CONNMARK   all  --  any    any     anywhere             anywhere             CONNMARK restore
    0     0 CONNMARK   all  --  any    any     anywhere             anywhere             CONNMARK save mask 0xff
    0     0 CONNMARK   all  --  any    any     anywhere             anywhere             CONNMARK restore ctmask 0xf0 nfmask ~0xf
    0     0 CONNMARK   all  --  any    any     anywhere             anywhere             CONNMARK xset 0x1/0x3
    0     0 RETURN     all  --  any    any     anywhere             anywhere            
    0     0 USER       all  --  any    any     anywhere             anywhere            
    0     0 USER       all  --  any    any     anywhere             anywhere            [goto] 
    0     0 USER       tcp  --  any    any     anywhere             anywhere            [goto] 

Chain FORWARD (policy ACCEPT 0 packets, 0 bytes)
 pkts bytes target     prot opt in     out     source               destination         

Chain OUTPUT (policy ACCEPT 0 packets, 0 bytes)
 pkts bytes target     prot opt in     out     source               destination         

Chain USER (3 references)
 pkts bytes target     prot opt in     out     source               destination         
    0     0 RETURN     all  --  any    any     anywhere             anywhere            
$ iptables -nvL
Chain INPUT (policy ACCEPT 0 packets, 0 bytes)
 pkts bytes target     prot opt in     out     source               destination         
    0     0 ACCEPT     tcp  --  *      *       0.0.0.0/0            0.0.0.0/0            tcp dpt:80
    0     0 ACCEPT     tcp  --  *      *       0.0.0.0/0            0.0.0.0/0            tcp spts:1024:65535 dpt:22
    0     0 DROP       tcp  --  *      *       0.0.0.0/0            0.0.0.0/0            tcp dpts:!22:23
    0     0 ACCEPT     udp  --  *      *       0.0.0.0/0            0.0.0.0/0            udp dpt:53
    0     0 ACCEPT     udp  --  *      *       0.0.0.0/0            0.0.0.0/0            udp spt:53 dpts:1000:65535
    0     0 ACCEPT     udp  --  *      *       0.0.0.0/0            0.0.0.0/0            udp dpts:0:1000
    0     0 ACCEPT     icmp --  *      *       0.0.0.0/0            0.0.0.0/0            icmptype 8
    0     0 ACCEPT     icmp --  *      *       0.0.0.0/0            0.0.0.0/0            icmptype 8
    0     0 ACCEPT     icmp --  *      *       0.0.0.0/0            0.0.0.0/0            icmptype 3 code 1
    0     0 ACCEPT     icmp --  *      *       0.0.0.0/0            0.0.0.0/0            icmp !type 255
    0     0 ACCEPT     icmp --  *      *       0.0.0.0/0            0.0.0.0/0           
    0     0 ACCEPT     all  --  *      *       10.0.0.0/8           192.168.1.1         
    0     0 DROP       all  --  *      *      !10.1.0.0/16         !1.2.3.4/31          
    0     0 ACCEPT     all  --  eth0   *       0.0.0.0/0            0.0.0.0/0           
    0     0 ACCEPT     all  --  !eth+  *       0.0.0.0/0            0.0.0.0/0           
    0     0 DROP       all  -f  *      *       0.0.0.0/0            0.0.0.0/0           
    0     0 DROP       all  !f  *      *       0.0.0.0/0            0.0.0.0/0           
    0     0 DROP      !tcp  --  *      *       0.0.0.0/0            0.0.0.0/0           
    0     0 DROP       47   --  *      *       0.0.0.0/0            0.0.0.0/0           
    0     0 DROP       47   --  *      *       0.0.0.0/0            0.0.0.0/0           
    0     0 DROP       sctp --  *      *       0.0.0.0/0            0.0.0.0/0           
    0     0 DROP       all  --  *      *       0.0.0.0/0            0.0.0.0/0           
    0     0 DROP       all  --  *      *       0.0.0.0/0            0.0.0.0/0           
    0     0 ACCEPT     all  --  *      *       0.0.0.0/0            0.0.0.0/0            state RELATED,ESTABLISHED
    0     0 ACCEPT     all  --  *      *       0.0.0.0/0            0.0.0.0/0            ! state INVALID
    0     0 ACCEPT     all  --  *      *       0.0.0.0/0            0.0.0.0/0            ctstate INVALID,NEW,RELATED,ESTABLISHED,UNTRACKED,SNAT,DNAT
    0     0 ACCEPT     all  --  *      *       0.0.0.0/0            0.0.0.0/0            ! ctstate NEW ctproto 6 ctorigsrc 1.2.3.4 ctorigdst 5.6.7.0/24 ctreplsrc 9.9.9.9 ctrepldst 8.8.8.8 ctorigsrcport 10 ctorigdstport 20:30 ctstatus SEEN_REPLY,ASSURED ctdir ORIGINAL
    0     0 ACCEPT     all  --  *      *       0.0.0.0/0            0.0.0.0/0            ctstatus EXPECTED,CONFIRMED ctexpire 10:20 ctdir REPLY
    0     0 ACCEPT     all  --  *      *       0.0.0.0/0            0.0.0.0/0            mark match 0x10f
    0     0 ACCEPT     all  --  *      *       0.0.0.0/0            0.0.0.0/0            mark match ! 0x5/0xff
    0     0 ACCEPT     all  --  *      *       0.0.0.0/0            0.0.0.0/0            connmark match  0x7
    0     0 ACCEPT     all  --  *      *       0.0.0.0/0            0.0.0.0/0            connmark match  0x7/0xf
    0     0 ACCEPT     all  --  *      *       0.0.0.0/0            0.0.0.0/0            /* hello world */
    0     0 ACCEPT     all  --  *      *       0.0.0.0/0            0.0.0.0/0            /* simple */
    0     0 ACCEPT     all  --  *      *       0.0.0.0/0            0.0.0.0/0            ADDRTYPE match dst-type LOCAL
    0     0 ACCEPT     all  --  *      *       0.0.0.0/0            0.0.0.0/0            ADDRTYPE match src-type !UNICAST,LOCAL dst-type BROADCAST limit-in
    0     0 ACCEPT     udp  --  *      *       0.0.0.0/0            0.0.0.0/0            multiport sports  !53,67
    0     0 ACCEPT     tcp  --  *      *       0.0.0.0/0            0.0.0.0/0            multiport ports 1,2
    0     0 ACCEPT     all  --  *      *       0.0.0.0/0            0.0.0.0/0            statistic mode nth every 3 packet 1
    0     0 ACCEPT     all  --  *      *       0.0.0.0/0            0.0.0.0/0            statistic mode random probability 0.25000000000
    0     0 ACCEPT     all  --  *      *       0.0.0.0/0            0.0.0.0/0            limit: avg 5/min burst 10
    0     0 ACCEPT     all  --  *      *       0.0.0.0/0            0.0.0.0/0            limit: avg 3/hour burst 5
    0     0 ACCEPT     tcp  --  *      *       0.0.0.0/0            0.0.0.0/0            tcp flags:0x17/0x02
    0     0 ACCEPT     tcp  --  *      *       0.0.0.0/0            0.0.0.0/0            tcp flags:0x17/0x02
    0     0 ACCEPT     tcp  --  *      *       0.0.0.0/0            0.0.0.0/0            tcp flags:!0x17/0x02
    0     0 DROP       tcp  --  *      *       0.0.0.0/0            0.0.0.0/0            tcp flags:0x3F/0x00
    0     0 DROP       tcp  --  *      *       0.0.0.0/0            0.0.0.0/0            tcp option=2
    0     0 DROP       tcp  --  *      *       0.0.0.0/0            0.0.0.0/0            tcp option=!8
    0     0 REJECT     all  --  *      *       0.0.0.0/0            0.0.0.0/0            reject-with icmp-port-unreachable
    0     0 REJECT     all  --  *      *       0.0.0.0/0            0.0.0.0/0            reject-with icmp-net-unreachable
    0     0 REJECT     all  --  *      *       0.0.0.0/0            0.0.0.0/0            reject-with icmp-host-unreachable
    0     0 REJECT     all  --  *      *       0.0.0.0/0            0.0.0.0/0            reject-with icmp-proto-unreachable
    0     0 REJECT     all  --  *      *       0.0.0.0/0            0.0.0.0/0            reject-with icmp-net-prohibited
    0     0 REJECT     all  --  *      *       0.0.0.0/0            0.0.0.0/0            reject-with icmp-host-prohibited
    0     0 REJECT     all  --  *      *       0.0.0.0/0            0.0.0.0/0            reject-with icmp-admin-prohibited
    0     0 REJECT     tcp  --  *      *       0.0.0.0/0            0.0.0.0/0            reject-with tcp-reset
    0     0 LOG        all  --  *      *       0.0.0.0/0            0.0.0.0/0            LOG flags 0 level 4
    0     0 LOG        all  --  *      *       0.0.0.0/0            0.0.0.0/0            LOG flags 0 level 4 prefix "IN: "
    0     0 LOG        all  --  *      *       0.0.0.0/0            0.0.0.0/0            LOG flags 15 level 7
    0     0 MARK       all  --  *      *       0.0.0.0/0            0.0.0.0/0            MARK set 0x10f
    0     0 MARK       all  --  *      *       0.0.0.0/0            0.0.0.0/0            MARK xset 0x1/0xff
    0     0 MARK       all  --  *      *       0.0.0.0/0            0.0.0.0/0            MARK set 0x1
    0     0 MARK       all  --  *      *       0.0.0.0/0            0.0.0.0/0            MARK xset 0x5/0x7
    0     0 MARK       all  --  *      *       0.0.0.0/0            0.0.0.0/0            MARK and 0xf0
    0     0 MARK       all  --  *      *       0.0.0.0/0            0.0.0.0/0            MARK or 0x3
    0     0 MARK       all  --  *      *       0.0.0.0/0            0.0.0.0/0            MARK xor 0x3
    0     0 CONNMARK   all  --  *      *       0.0.0.0/0            0.0.0.0/0            CONNMARK set 0x5
    0     0 CONNMARK   all  --  *      *       0.0.0.0/0            0.0.0.0/0            CONNMARK xset 0x5/0xff
    0     0 CONNMARK   all  --  *      *       0.0.0.0/0            0.0.0.0/0            CONNMARK save
    0     0 CONNMARK   all  --  *      *       0.0.0.0/0            0.0.0.0/0            CONNMARK restore
    0     0 CONNMARK   all  --  *      *       0.0.0.0/0            0.0.0.0/0            CONNMARK save mask 0xff
    0     0 CONNMARK   all  --  *      *       0.0.0.0/0            0.0.0.0/0            CONNMARK restore ctmask 0xf0 nfmask ~0xf
    0     0 CONNMARK   all  --  *      *       0.0.0.0/0            0.0.0.0/0            CONNMARK xset 0x1/0x3
    0     0 RETURN     all  --  *      *       0.0.0.0/0            0.0.0.0/0           
    0     0 USER       all  --  *      *       0.0.0.0/0            0.0.0.0/0           
    0     0 USER       all  --  *      *       0.0.0.0/0            0.0.0.0/0           [goto] 
    0     0 USER       tcp  --  *      *       0.0.0.0/0            0.0.0.0/0           [goto] 

Chain FORWARD (policy ACCEPT 0 packets, 0 bytes)
 pkts bytes target     prot opt in     out     source               destination         

Chain OUTPUT (policy ACCEPT 0 packets, 0 bytes)
 pkts bytes target     prot opt in     out     source               destination         

Chain USER (3 references)
 pkts bytes target     prot opt in     out     source               destination         
    0     0 RETURN     all  --  *      *       0.0.0.0/0            0.0.0.0/0           
$ iptables -nvL --line-numbers
Chain INPUT (policy ACCEPT 0 packets, 0 bytes)
num   pkts bytes target     prot opt in     out     source               destination         
1        0     0 ACCEPT     tcp  --  *      *       0.0.0.0/0            0.0.0.0/0            tcp dpt:80
2        0     0 ACCEPT     tcp  --  *      *       0.0.0.0/0            0.0.0.0/0            tcp spts:1024:65535 dpt:22
3        0     0 DROP       tcp  --  *      *       0.0.0.0/0            0.0.0.0/0            tcp dpts:!22:23
4        0     0 ACCEPT     udp  --  *      *       0.0.0.0/0            0.0.0.0/0            udp dpt:53
5        0     0 ACCEPT     udp  --  *      *       0.0.0.0/0            0.0.0.0/0            udp spt:53 dpts:1000:65535
6        0     0 ACCEPT     udp  --  *      *       0.0.0.0/0            0.0.0.0/0            udp dpts:0:1000
7        0     0 ACCEPT     icmp --  *      *       0.0.0.0/0            0.0.0.0/0            icmptype 8
8        0     0 ACCEPT     icmp --  *      *       0.0.0.0/0            0.0.0.0/0            icmptype 8
9        0     0 ACCEPT     icmp --  *      *       0.0.0.0/0            0.0.0.0/0            icmptype 3 code 1
10       0     0 ACCEPT     icmp --  *      *       0.0.0.0/0            0.0.0.0/0            icmp !type 255
11       0     0 ACCEPT     icmp --  *      *       0.0.0.0/0            0.0.0.0/0           
12       0     0 ACCEPT     all  --  *      *       10.0.0.0/8           192.168.1.1         
13       0     0 DROP       all  --  *      *      !10.1.0.0/16         !1.2.3.4/31          
14       0     0 ACCEPT     all  --  eth0   *       0.0.0.0/0            0.0.0.0/0           
15       0     0 ACCEPT     all  --  !eth+  *       0.0.0.0/0            0.0.0.0/0           
16       0     0 DROP       all  -f  *      *       0.0.0.0/0            0.0.0.0/0           
17       0     0 DROP       all  !f  *      *       0.0.0.0/0            0.0.0.0/0           
18       0     0 DROP      !tcp  --  *      *       0.0.0.0/0            0.0.0.0/0           
19       0     0 DROP       47   --  *      *       0.0.0.0/0            0.0.0.0/0           
20       0     0 DROP       47   --  *      *       0.0.0.0/0            0.0.0.0/0           
21       0     0 DROP       sctp --  *      *       0.0.0.0/0            0.0.0.0/0           
22       0     0 DROP       all  --  *      *       0.0.0.0/0            0.0.0.0/0           
23       0     0 DROP       all  --  *      *       0.0.0.0/0            0.0.0.0/0           
24       0     0 ACCEPT     all  --  *      *       0.0.0.0/0            0.0.0.0/0            state RELATED,ESTABLISHED
25       0     0 ACCEPT     all  --  *      *       0.0.0.0/0            0.0.0.0/0            ! state INVALID
26       0     0 ACCEPT     all  --  *      *       0.0.0.0/0            0.0.0.0/0            ctstate INVALID,NEW,RELATED,ESTABLISHED,UNTRACKED,SNAT,DNAT
27       0     0 ACCEPT     all  --  *      *       0.0.0.0/0            0.0.0.0/0            ! ctstate NEW ctproto 6 ctorigsrc 1.2.3.4 ctorigdst 5.6.7.0/24 ctreplsrc 9.9.9.9 ctrepldst 8.8.8.8 ctorigsrcport 10 ctorigdstport 20:30 ctstatus SEEN_REPLY,ASSURED ctdir ORIGINAL
28       0     0 ACCEPT     all  --  *      *       0.0.0.0/0            0.0.0.0/0            ctstatus EXPECTED,CONFIRMED ctexpire 10:20 ctdir REPLY
29       0     0 ACCEPT     all  --  *      *       0.0.0.0/0            0.0.0.0/0            mark match 0x10f
30       0     0 ACCEPT     all  --  *      *       0.0.0.0/0            0.0.0.0/0            mark match ! 0x5/0xff
31       0     0 ACCEPT     all  --  *      *       0.0.0.0/0            0.0.0.0/0            connmark match  0x7
32       0     0 ACCEPT     all  --  *      *       0.0.0.0/0            0.0.0.0/0            connmark match  0x7/0xf
33       0     0 ACCEPT     all  --  *      *       0.0.0.0/0            0.0.0.0/0            /* hello world */
34       0     0 ACCEPT     all  --  *      *       0.0.0.0/0            0.0.0.0/0            /* simple */
35       0     0 ACCEPT     all  --  *      *       0.0.0.0/0            0.0.0.0/0            ADDRTYPE match dst-type LOCAL
36       0     0 ACCEPT     all  --  *      *       0.0.0.0/0            0.0.0.0/0            ADDRTYPE match src-type !UNICAST,LOCAL dst-type BROADCAST limit-in
37       0     0 ACCEPT     udp  --  *      *       0.0.0.0/0            0.0.0.0/0            multiport sports  !53,67
38       0     0 ACCEPT     tcp  --  *      *       0.0.0.0/0            0.0.0.0/0            multiport ports 1,2
39       0     0 ACCEPT     all  --  *      *       0.0.0.0/0            0.0.0.0/0            statistic mode nth every 3 packet 1
40       0     0 ACCEPT     all  --  *      *       0.0.0.0/0            0.0.0.0/0            statistic mode random probability 0.25000000000
41       0     0 ACCEPT     all  --  *      *       0.0.0.0/0            0.0.0.0/0            limit: avg 5/min burst 10
42       0     0 ACCEPT     all  --  *      *       0.0.0.0/0            0.0.0.0/0            limit: avg 3/hour burst 5
43       0     0 ACCEPT     tcp  --  *      *       0.0.0.0/0            0.0.0.0/0            tcp flags:0x17/0x02
44       0     0 ACCEPT     tcp  --  *      *       0.0.0.0/0            0.0.0.0/0            tcp flags:0x17/0x02
45       0     0 ACCEPT     tcp  --  *      *       0.0.0.0/0            0.0.0.0/0            tcp flags:!0x17/0x02
46       0     0 DROP       tcp  --  *      *       0.0.0.0/0            0.0.0.0/0            tcp flags:0x3F/0x00
47       0     0 DROP       tcp  --  *      *       0.0.0.0/0            0.0.0.0/0            tcp option=2
48       0     0 DROP       tcp  --  *      *       0.0.0.0/0            0.0.0.0/0            tcp option=!8
49       0     0 REJECT     all  --  *      *       0.0.0.0/0            0.0.0.0/0            reject-with icmp-port-unreachable
50       0     0 REJECT     all  --  *      *       0.0.0.0/0            0.0.0.0/0            reject-with icmp-net-unreachable
51       0     0 REJECT     all  --  *      *       0.0.0.0/0            0.0.0.0/0            reject-with icmp-host-unreachable
52       0     0 REJECT     all  --  *      *       0.0.0.0/0            0.0.0.0/0            reject-with icmp-proto-unreachable
53       0     0 REJECT     all  --  *      *       0.0.0.0/0            0.0.0.0/0            reject-with icmp-net-prohibited
54       0     0 REJECT     all  --  *      *       0.0.0.0/0            0.0.0.0/0            reject-with icmp-host-prohibited
55       0     0 REJECT     all  --  *      *       0.0.0.0/0            0.0.0.0/0            reject-with icmp-admin-prohibited
56       0     0 REJECT     tcp  --  *      *       0.0.0.0/0            0.0.0.0/0            reject-with tcp-reset
57       0     0 LOG        all  --  *      *       0.0.0.0/0            0.0.0.0/0            LOG flags 0 level 4
58       0     0 LOG        all  --  *      *       0.0.0.0/0            0.0.0.0/0            LOG flags 0 level 4 prefix "IN: "
59       0     0 LOG        all  --  *      *       0.0.0.0/0            0.0.0.0/0            LOG flags 15 level 7
60       0     0 MARK       all  --  *      *       0.0.0.0/0            0.0.0.0/0            MARK set 0x10f
61       0     0 MARK       all  --  *      *       0.0.0.0/0            0.0.0.0/0            MARK xset 0x1/0xff
62       0     0 MARK       all  --  *      *       0.0.0.0/0            0.0.0.0/0            MARK set 0x1
63       0     0 MARK       all  --  *      *       0.0.0.0/0            0.0.0.0/0            MARK xset 0x5/0x7
64       0     0 MARK       all  --  *      *       0.0.0.0/0            0.0.0.0/0            MARK and 0xf0
65       0     0 MARK       all  --  *      *       0.0.0.0/0            0.0.0.0/0            MARK or 0x3
66       0     0 MARK       all  --  *      *       0.0.0.0/0            0.0.0.0/0            MARK xor 0x3
67       0     0 CONNMARK   all  --  *      *       0.0.0.0/0            0.0.0.0/0            CONNMARK set 0x5
68       0     0 CONNMARK   all  --  *      *       0.0.0.0/0            0.0.0.0/0            CONNMARK xset 0x5/0xff
69       0     0 CONNMARK   all  --  *      *       0.0.0.0/0            0.0.0.0/0            CONNMARK save
70       0     0 CONNMARK   all  --  *      *       0.0.0.0/0            0.0.0.0/0            CONNMARK restore
71       0     0 CONNMARK   all  --  *      *       0.0.0.0/0            0.0.0.0/0            CONNMARK save mask 0xff
72       0     0 CONNMARK   all  --  *      *       0.0.0.0/0            0.0.0.0/0            CONNMARK restore ctmask 0xf0 nfmask ~0xf
73       0     0 CONNMARK   all  --  *      *       0.0.0.0/0            0.0.0.0/0            CONNMARK xset 0x1/0x3
74       0     0 RETURN     all  --  *      *       0.0.0.0/0            0.0.0.0/0           
75       0     0 USER       all  --  *      *       0.0.0.0/0            0.0.0.0/0           
76       0     0 USER       all  --  *      *       0.0.0.0/0            0.0.0.0/0           [goto] 
77       0     0 USER       tcp  --  *      *       0.0.0.0/0            0.0.0.0/0           [goto] 

Chain FORWARD (policy ACCEPT 0 packets, 0 bytes)
num   pkts bytes target     prot opt in     out     source               destination         

Chain OUTPUT (policy ACCEPT 0 packets, 0 bytes)
num   pkts bytes target     prot opt in     out     source               destination         

Chain USER (3 references)
num   pkts bytes target     prot opt in     out     source               destination         
1        0     0 RETURN     all  --  *      *       0.0.0.0/0            0.0.0.0/0           
$ iptables -nvxL
Chain INPUT (policy ACCEPT 0 packets, 0 bytes)
    pkts      bytes target     prot opt in     out     source               destination         
       0        0 ACCEPT     tcp  --  *      *       0.0.0.0/0            0.0.0.0/0            tcp dpt:80
       0        0 ACCEPT     tcp  --  *      *       0.0.0.0/0            0.0.0.0/0            tcp spts:1024:65535 dpt:22
       0        0 DROP       tcp  --  *      *       0.0.0.0/0            0.0.0.0/0            tcp dpts:!22:23
       0        0 ACCEPT     udp  --  *      *       0.0.0.0/0            0.0.0.0/0            udp dpt:53
       0        0 ACCEPT     udp  --  *      *       0.0.0.0/0            0.0.0.0/0            udp spt:53 dpts:1000:65535
       0        0 ACCEPT     udp  --  *      *       0.0.0.0/0            0.0.0.0/0            udp dpts:0:1000
       0        0 ACCEPT     icmp --  *      *       0.0.0.0/0            0.0.0.0/0            icmptype 8
       0        0 ACCEPT     icmp --  *      *       0.0.0.0/0            0.0.0.0/0            icmptype 8
       0        0 ACCEPT     icmp --  *      *       0.0.0.0/0            0.0.0.0/0            icmptype 3 code 1
       0        0 ACCEPT     icmp --  *      *       0.0.0.0/0            0.0.0.0/0            icmp !type 255
       0        0 ACCEPT     icmp --  *      *       0.0.0.0/0            0.0.0.0/0           
       0        0 ACCEPT     all  --  *      *       10.0.0.0/8           192.168.1.1         
       0        0 DROP       all  --  *      *      !10.1.0.0/16         !1.2.3.4/31          
       0        0 ACCEPT     all  --  eth0   *       0.0.0.0/0            0.0.0.0/0           
       0        0 ACCEPT     all  --  !eth+  *       0.0.0.0/0            0.0.0.0/0           
       0        0 DROP       all  -f  *      *       0.0.0.0/0            0.0.0.0/0           
       0        0 DROP       all  !f  *      *       0.0.0.0/0            0.0.0.0/0           
       0        0 DROP      !tcp  --  *      *       0.0.0.0/0            0.0.0.0/0           
       0        0 DROP       47   --  *      *       0.0.0.0/0            0.0.0.0/0           
       0        0 DROP       47   --  *      *       0.0.0.0/0            0.0.0.0/0           
       0        0 DROP       sctp --  *      *       0.0.0.0/0            0.0.0.0/0           
       0        0 DROP       all  --  *      *       0.0.0.0/0            0.0.0.0/0           
       0        0 DROP       all  --  *      *       0.0.0.0/0            0.0.0.0/0           
       0        0 ACCEPT     all  --  *      *       0.0.0.0/0            0.0.0.0/0            state RELATED,ESTABLISHED
       0        0 ACCEPT     all  --  *      *       0.0.0.0/0            0.0.0.0/0            ! state INVALID
       0        0 ACCEPT     all  --  *      *       0.0.0.0/0            0.0.0.0/0            ctstate INVALID,NEW,RELATED,ESTABLISHED,UNTRACKED,SNAT,DNAT
       0        0 ACCEPT     all  --  *      *       0.0.0.0/0            0.0.0.0/0            ! ctstate NEW ctproto 6 ctorigsrc 1.2.3.4 ctorigdst 5.6.7.0/24 ctreplsrc 9.9.9.9 ctrepldst 8.8.8.8 ctorigsrcport 10 ctorigdstport 20:30 ctstatus SEEN_REPLY,ASSURED ctdir ORIGINAL
       0        0 ACCEPT     all  --  *      *       0.0.0.0/0            0.0.0.0/0            ctstatus EXPECTED,CONFIRMED ctexpire 10:20 ctdir REPLY
       0        0 ACCEPT     all  --  *      *       0.0.0.0/0            0.0.0.0/0            mark match 0x10f
       0        0 ACCEPT     all  --  *      *       0.0.0.0/0            0.0.0.0/0            mark match ! 0x5/0xff
       0        0 ACCEPT     all  --  *      *       0.0.0.0/0            0.0.0.0/0            connmark match  0x7
       0        0 ACCEPT     all  --  *      *       0.0.0.0/0            0.0.0.0/0            connmark match  0x7/0xf
       0        0 ACCEPT     all  --  *      *       0.0.0.0/0            0.0.0.0/0            /* hello world */
       0        0 ACCEPT     all  --  *      *       0.0.0.0/0            0.0.0.0/0            /* simple */
       0        0 ACCEPT     all  --  *      *       0.0.0.0/0            0.0.0.0/0            ADDRTYPE match dst-type LOCAL
       0        0 ACCEPT     all  --  *      *       0.0.0.0/0            0.0.0.0/0            ADDRTYPE match src-type !UNICAST,LOCAL dst-type BROADCAST limit-in
       0        0 ACCEPT     udp  --  *      *       0.0.0.0/0            0.0.0.0/0            multiport sports  !53,67
       0        0 ACCEPT     tcp  --  *      *       0.0.0.0/0            0.0.0.0/0            multiport ports 1,2
       0        0 ACCEPT     all  --  *      *       0.0.0.0/0            0.0.0.0/0            statistic mode nth every 3 packet 1
       0        0 ACCEPT     all  --  *      *       0.0.0.0/0            0.0.0.0/0            statistic mode random probability 0.25000000000
       0        0 ACCEPT     all  --  *      *       0.0.0.0/0            0.0.0.0/0            limit: avg 5/min burst 10
       0        0 ACCEPT     all  --  *      *       0.0.0.0/0            0.0.0.0/0            limit: avg 3/hour burst 5
       0        0 ACCEPT     tcp  --  *      *       0.0.0.0/0            0.0.0.0/0            tcp flags:0x17/0x02
       0        0 ACCEPT     tcp  --  *      *       0.0.0.0/0            0.0.0.0/0            tcp flags:0x17/0x02
       0        0 ACCEPT     tcp  --  *      *       0.0.0.0/0            0.0.0.0/0            tcp flags:!0x17/0x02
       0        0 DROP       tcp  --  *      *       0.0.0.0/0            0.0.0.0/0            tcp flags:0x3F/0x00
       0        0 DROP       tcp  --  *      *       0.0.0.0/0            0.0.0.0/0            tcp option=2
       0        0 DROP       tcp  --  *      *       0.0.0.0/0            0.0.0.0/0            tcp option=!8
       0        0 REJECT     all  --  *      *       0.0.0.0/0            0.0.0.0/0            reject-with icmp-port-unreachable
       0        0 REJECT     all  --  *      *       0.0.0.0/0            0.0.0.0/0            reject-with icmp-net-unreachable
       0        0 REJECT     all  --  *      *       0.0.0.0/0            0.0.0.0/0            reject-with icmp-host-unreachable
       0        0 REJECT     all  --  *      *       0.0.0.0/0            0.0.0.0/0            reject-with icmp-proto-unreachable
       0        0 REJECT     all  --  *      *       0.0.0.0/0            0.0.0.0/0            reject-with icmp-net-prohibited
       0        0 REJECT     all  --  *      *       0.0.0.0/0            0.0.0.0/0            reject-with icmp-host-prohibited
       0        0 REJECT     all  --  *      *       0.0.0.0/0            0.0.0.0/0            reject-with icmp-admin-prohibited
       0        0 REJECT     tcp  --  *      *       0.0.0.0/0            0.0.0.0/0            reject-with tcp-reset
       0        0 LOG        all  --  *      *       0.0.0.0/0            0.0.0.0/0            LOG flags 0 level 4
       0        0 LOG        all  --  *      *       0.0.0.0/0            0.0.0.0/0            LOG flags 0 level 4 prefix "IN: "
       0        0 LOG        all  --  *      *       0.0.0.0/0            0.0.0.0/0            LOG flags 15 level 7
       0        0 MARK       all  --  *      *       0.0.0.0/0            0.0.0.0/0            MARK set 0x10f
       0        0 MARK       all  --  *      *       0.0.0.0/0            0.0.0.0/0            MARK xset 0x1/0xff
       0        0 MARK       all  --  *      *       0.0.0.0/0            0.0.0.0/0            MARK set 0x1
       0        0 MARK       all  --  *      *       0.0.0.0/0            0.0.0.0/0            MARK xset 0x5/0x7
       0        0 MARK       all  --  *      *       0.0.0.0/0            0.0.0.0/0            MARK and 0xf0
       0        0 MARK       all  --  *      *       0.0.0.0/0            0.0.0.0/0            MARK or 0x3
       0        0 MARK       all  --  *      *       0.0.0.0/0            0.0.0.0/0            MARK xor 0x3
       0        0 CONNMARK   all  --  *      *       0.0.0.0/0            0.0.0.0/0            CONNMARK set 0x5
       0        0 CONNMARK   all  --  *      *       0.0.0.0/0            0.0.0.0/0            CONNMARK xset 0x5/0xff
       0        0 CONNMARK   all  --  *      *       0.0.0.0/0            0.0.0.0/0            CONNMARK save
       0        0 CONNMARK   all  --  *      *       0.0.0.0/0            0.0.0.0/0            CONNMARK restore
       0        0 CONNMARK   all  --  *      *       0.0.0.0/0            0.0.0.0/0            CONNMARK save mask 0xff
       0        0 CONNMARK   all  --  *      *       0.0.0.0/0            0.0.0.0/0            CONNMARK restore ctmask 0xf0 nfmask ~0xf
       0        0 CONNMARK   all  --  *      *       0.0.0.0/0            0.0.0.0/0            CONNMARK xset 0x1/0x3
       0        0 RETURN     all  --  *      *       0.0.0.0/0            0.0.0.0/0           
       0        0 USER       all  --  *      *       0.0.0.0/0            0.0.0.0/0           
       0        0 USER       all  --  *      *       0.0.0.0/0            0.0.0.0/0           [goto] 
       0        0 USER       tcp  --  *      *       0.0.0.0/0            0.0.0.0/0           [goto] 

Chain FORWARD (policy ACCEPT 0 packets, 0 bytes)
    pkts      bytes target     prot opt in     out     source               destination         

Chain OUTPUT (policy ACCEPT 0 packets, 0 bytes)
    pkts      bytes target     prot opt in     out     source               destination         

Chain USER (3 references)
    pkts      bytes target     prot opt in     out     source               destination         
       0        0 RETURN     all  --  *      *       0.0.0.0/0            0.0.0.0/0           
$ iptables -L INPUT 3
DROP       tcp  --  anywhere             anywhere             tcp dpts:!ssh:telnet
$ iptables -S INPUT 3
-A INPUT -p tcp -m tcp ! --dport 22:23 -j DROP
$ iptables -L USER
Chain USER (3 references)
target     prot opt source               destination         
RETURN     all  --  anywhere             anywhere            
$ iptables -S USER
-N USER
-A USER -j RETURN
$ iptables -nL USER -v --line-numbers
Chain USER (3 references)
num   pkts bytes target     prot opt in     out     source               destination         
1        0     0 RETURN     all  --  *      *       0.0.0.0/0            0.0.0.0/0           
$ iptables -L -n FORWARD
stderr: Bad argument `FORWARD'
stderr: Try `iptables -h' or 'iptables --help' for more information.
[exit 2]
=== counters K M G
$ iptables-restore -c <<EOF
*filter
:INPUT DROP [99999:100000]
:FORWARD ACCEPT [123456:999999999]
:OUTPUT ACCEPT [9999500:99999999999]
:MYCHAIN - [5:6]
[1:2] -A INPUT -j ACCEPT
[99999:99999] -A INPUT -j ACCEPT
[100000:100499] -A INPUT -j ACCEPT
[100500:9999499] -A INPUT -j ACCEPT
[9999500:99999999] -A INPUT -j ACCEPT
[999999999999:18446744073709551615] -A INPUT -j MYCHAIN
COMMIT
EOF
$ iptables -vL
Chain INPUT (policy DROP 99999 packets, 100K bytes)
 pkts bytes target     prot opt in     out     source               destination         
    1     2 ACCEPT     all  --  any    any     anywhere             anywhere            
99999 99999 ACCEPT     all  --  any    any     anywhere             anywhere            
 100K  100K ACCEPT     all  --  any    any     anywhere             anywhere            
 101K 9999K ACCEPT     all  --  any    any     anywhere             anywhere            
  10M  100M ACCEPT     all  --  any    any     anywhere             anywhere            
1000G    0K MYCHAIN    all  --  any    any     anywhere             anywhere            

Chain FORWARD (policy ACCEPT 123K packets, 1000M bytes)
 pkts bytes target     prot opt in     out     source               destination         

Chain OUTPUT (policy ACCEPT 10M packets, 100G bytes)
 pkts bytes target     prot opt in     out     source               destination         

Chain MYCHAIN (1 references)
 pkts bytes target     prot opt in     out     source               destination         
$ iptables -vxnL
Chain INPUT (policy DROP 99999 packets, 100000 bytes)
    pkts      bytes target     prot opt in     out     source               destination         
       1        2 ACCEPT     all  --  *      *       0.0.0.0/0            0.0.0.0/0           
   99999    99999 ACCEPT     all  --  *      *       0.0.0.0/0            0.0.0.0/0           
  100000   100499 ACCEPT     all  --  *      *       0.0.0.0/0            0.0.0.0/0           
  100500  9999499 ACCEPT     all  --  *      *       0.0.0.0/0            0.0.0.0/0           
 9999500 99999999 ACCEPT     all  --  *      *       0.0.0.0/0            0.0.0.0/0           
999999999999 18446744073709551615 MYCHAIN    all  --  *      *       0.0.0.0/0            0.0.0.0/0           

Chain FORWARD (policy ACCEPT 123456 packets, 999999999 bytes)
    pkts      bytes target     prot opt in     out     source               destination         

Chain OUTPUT (policy ACCEPT 9999500 packets, 99999999999 bytes)
    pkts      bytes target     prot opt in     out     source               destination         

Chain MYCHAIN (1 references)
    pkts      bytes target     prot opt in     out     source               destination         
$ iptables -vnL --line-numbers
Chain INPUT (policy DROP 99999 packets, 100K bytes)
num   pkts bytes target     prot opt in     out     source               destination         
1        1     2 ACCEPT     all  --  *      *       0.0.0.0/0            0.0.0.0/0           
2    99999 99999 ACCEPT     all  --  *      *       0.0.0.0/0            0.0.0.0/0           
3     100K  100K ACCEPT     all  --  *      *       0.0.0.0/0            0.0.0.0/0           
4     101K 9999K ACCEPT     all  --  *      *       0.0.0.0/0            0.0.0.0/0           
5      10M  100M ACCEPT     all  --  *      *       0.0.0.0/0            0.0.0.0/0           
6    1000G    0K MYCHAIN    all  --  *      *       0.0.0.0/0            0.0.0.0/0           

Chain FORWARD (policy ACCEPT 123K packets, 1000M bytes)
num   pkts bytes target     prot opt in     out     source               destination         

Chain OUTPUT (policy ACCEPT 10M packets, 100G bytes)
num   pkts bytes target     prot opt in     out     source               destination         

Chain MYCHAIN (1 references)
num   pkts bytes target     prot opt in     out     source               destination         
$ iptables -S -v
-P INPUT DROP -c 99999 100000
-P FORWARD ACCEPT -c 123456 999999999
-P OUTPUT ACCEPT -c 9999500 99999999999
-N MYCHAIN
-A INPUT -c 1 2 -j ACCEPT
-A INPUT -c 99999 99999 -j ACCEPT
-A INPUT -c 100000 100499 -j ACCEPT
-A INPUT -c 100500 9999499 -j ACCEPT
-A INPUT -c 9999500 99999999 -j ACCEPT
-A INPUT -c 999999999999 18446744073709551615 -j MYCHAIN
$ iptables -L INPUT 2
ACCEPT     all  --  anywhere             anywhere            
$ iptables -vL INPUT 6
1000G    0K MYCHAIN    all  --  any    any     anywhere             anywhere            
$ iptables -L -v INPUT 2 -x
stderr: Bad argument `INPUT'
stderr: Try `iptables -h' or 'iptables --help' for more information.
[exit 2]
$ iptables-save -c
# Generated by iptables-save v1.8.7 on Fri Nov 17 09:10:00 2023
*filter
:INPUT DROP [99999:100000]
:FORWARD ACCEPT [123456:999999999]
:OUTPUT ACCEPT [9999500:99999999999]
:MYCHAIN - [0:0]
[1:2] -A INPUT -j ACCEPT
[99999:99999] -A INPUT -j ACCEPT
[100000:100499] -A INPUT -j ACCEPT
[100500:9999499] -A INPUT -j ACCEPT
[9999500:99999999] -A INPUT -j ACCEPT
[999999999999:18446744073709551615] -A INPUT -j MYCHAIN
COMMIT
# Completed on Fri Nov 17 09:10:00 2023
$ iptables-save
# Generated by iptables-save v1.8.7 on Fri Nov 17 09:10:00 2023
*filter
:INPUT DROP [99999:100000]
:FORWARD ACCEPT [123456:999999999]
:OUTPUT ACCEPT [9999500:99999999999]
:MYCHAIN - [0:0]
-A INPUT -j ACCEPT
-A INPUT -j ACCEPT
-A INPUT -j ACCEPT
-A INPUT -j ACCEPT
-A INPUT -j ACCEPT
-A INPUT -j MYCHAIN
COMMIT
# Completed on Fri Nov 17 09:10:00 2023
