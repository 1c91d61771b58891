// How every supported match and target prints in -S, -L and -L -n.
=== target formats
$ iptables -t raw -A PREROUTING -j CT --notrack
$ iptables -t raw -A PREROUTING -j NOTRACK
$ iptables -t raw -A PREROUTING -j CT
$ iptables -t raw -A PREROUTING -p tcp -j TRACE
$ iptables -t raw -S
-P PREROUTING ACCEPT
-P OUTPUT ACCEPT
-A PREROUTING -j CT --notrack
-A PREROUTING -j NOTRACK
-A PREROUTING -j CT
-A PREROUTING -p tcp -j TRACE
$ iptables -t raw -L
Chain PREROUTING (policy ACCEPT)
target     prot opt source               destination         
CT         all  --  anywhere             anywhere             CT notrack
CT         all  --  anywhere             anywhere             NOTRACK
CT         all  --  anywhere             anywhere             CT
TRACE      tcp  --  anywhere             anywhere            

Chain OUTPUT (policy ACCEPT)
target     prot opt source               destination         
$ iptables -t raw -nvL
Chain PREROUTING (policy ACCEPT 0 packets, 0 bytes)
 pkts bytes target     prot opt in     out     source               destination         
    0     0 CT         all  --  *      *       0.0.0.0/0            0.0.0.0/0            CT notrack
    0     0 CT         all  --  *      *       0.0.0.0/0            0.0.0.0/0            NOTRACK
    0     0 CT         all  --  *      *       0.0.0.0/0            0.0.0.0/0            CT
    0     0 TRACE      tcp  --  *      *       0.0.0.0/0            0.0.0.0/0           

Chain OUTPUT (policy ACCEPT 0 packets, 0 bytes)
 pkts bytes target     prot opt in     out     source               destination         
$ iptables -t nat -A PREROUTING -p tcp -j DNAT --to-destination 1.2.3.4:80-90 --random --persistent
$ iptables -t nat -A PREROUTING -p tcp -j DNAT --to-destination :80
$ iptables -t nat -A PREROUTING -p udp -j DNAT --to-destination 1.2.3.4-1.2.3.9:53
$ iptables -t nat -A PREROUTING -j DNAT --to-destination 1.2.3.4
$ iptables -t nat -A POSTROUTING -p tcp -j SNAT --to-source 1.2.3.4:1000-2000 --random-fully
$ iptables -t nat -A POSTROUTING -j SNAT --to-source 1.2.3.4 --random
$ iptables -t nat -A POSTROUTING -o eth0 -j MASQUERADE
$ iptables -t nat -A POSTROUTING -p tcp -j MASQUERADE --to-ports 1000-2000 --random
$ iptables -t nat -A POSTROUTING -p udp -j MASQUERADE --to-ports 1000 --random-fully
$ iptables -t nat -A PREROUTING -p tcp -j REDIRECT --to-ports 80
$ iptables -t nat -A PREROUTING -p tcp -j REDIRECT --to-ports 80-88 --random
$ iptables -t nat -A PREROUTING -p tcp -j REDIRECT
$ iptables -t nat -A OUTPUT -p tcp -d 127.0.0.11 --dport 53 -j DNAT --to-destination 127.0.0.11:41263
$ iptables -t nat -A POSTROUTING -p tcp -s 127.0.0.11 --sport 41263 -j SNAT --to-source :53
$ iptables -t nat -S
-P PREROUTING ACCEPT
-P INPUT ACCEPT
-P OUTPUT ACCEPT
-P POSTROUTING ACCEPT
-A PREROUTING -p tcp -j DNAT --to-destination 1.2.3.4:80-90 --random --persistent
-A PREROUTING -p tcp -j DNAT --to-destination :80
-A PREROUTING -p udp -j DNAT --to-destination 1.2.3.4-1.2.3.9:53
-A PREROUTING -j DNAT --to-destination 1.2.3.4
-A PREROUTING -p tcp -j REDIRECT --to-ports 80
-A PREROUTING -p tcp -j REDIRECT --to-ports 80-88 --random
-A PREROUTING -p tcp -j REDIRECT
-A OUTPUT -d 127.0.0.11/32 -p tcp -m tcp --dport 53 -j DNAT --to-destination 127.0.0.11:41263
-A POSTROUTING -p tcp -j SNAT --to-source 1.2.3.4:1000-2000 --random-fully
-A POSTROUTING -j SNAT --to-source 1.2.3.4 --random
-A POSTROUTING -o eth0 -j MASQUERADE
-A POSTROUTING -p tcp -j MASQUERADE --to-ports 1000-2000 --random
-A POSTROUTING -p udp -j MASQUERADE --to-ports 1000 --random-fully
-A POSTROUTING -s 127.0.0.11/32 -p tcp -m tcp --sport 41263 -j SNAT --to-source :53
$ iptables -t nat -L
Chain PREROUTING (policy ACCEPT)
target     prot opt source               destination         
DNAT       tcp  --  anywhere             anywhere             to:1.2.3.4:80-90 random persistent
DNAT       tcp  --  anywhere             anywhere             to::80
DNAT       udp  --  anywhere             anywhere             to:1.2.3.4-1.2.3.9:53
DNAT       all  --  anywhere             anywhere             to:1.2.3.4
REDIRECT   tcp  --  anywhere             anywhere             redir ports 80
REDIRECT   tcp  --  anywhere             anywhere             redir ports 80-88 random
REDIRECT   tcp  --  anywhere             anywhere            

Chain INPUT (policy ACCEPT)
target     prot opt source               destination         

Chain OUTPUT (policy ACCEPT)
target     prot opt source               destination         
DNAT       tcp  --  anywhere             127.0.0.11           tcp dpt:domain to:127.0.0.11:41263

Chain POSTROUTING (policy ACCEPT)
target     prot opt source               destination         
SNAT       tcp  --  anywhere             anywhere             to:1.2.3.4:1000-2000 random-fully
SNAT       all  --  anywhere             anywhere             to:1.2.3.4 random
MASQUERADE  all  --  anywhere             anywhere            
MASQUERADE  tcp  --  anywhere             anywhere             masq ports: 1000-2000 random
MASQUERADE  udp  --  anywhere             anywhere             masq ports: 1000 random-fully
SNAT       tcp  --  127.0.0.11           anywhere             tcp spt:41263 to::53
$ iptables -t nat -nL
Chain PREROUTING (policy ACCEPT)
target     prot opt source               destination         
DNAT       tcp  --  0.0.0.0/0            0.0.0.0/0            to:1.2.3.4:80-90 random persistent
DNAT       tcp  --  0.0.0.0/0            0.0.0.0/0            to::80
DNAT       udp  --  0.0.0.0/0            0.0.0.0/0            to:1.2.3.4-1.2.3.9:53
DNAT       all  --  0.0.0.0/0            0.0.0.0/0            to:1.2.3.4
REDIRECT   tcp  --  0.0.0.0/0            0.0.0.0/0            redir ports 80
REDIRECT   tcp  --  0.0.0.0/0            0.0.0.0/0            redir ports 80-88 random
REDIRECT   tcp  --  0.0.0.0/0            0.0.0.0/0           

Chain INPUT (policy ACCEPT)
target     prot opt source               destination         

Chain OUTPUT (policy ACCEPT)
target     prot opt source               destination         
DNAT       tcp  --  0.0.0.0/0            127.0.0.11           tcp dpt:53 to:127.0.0.11:41263

Chain POSTROUTING (policy ACCEPT)
target     prot opt source               destination         
SNAT       tcp  --  0.0.0.0/0            0.0.0.0/0            to:1.2.3.4:1000-2000 random-fully
SNAT       all  --  0.0.0.0/0            0.0.0.0/0            to:1.2.3.4 random
MASQUERADE  all  --  0.0.0.0/0            0.0.0.0/0           
MASQUERADE  tcp  --  0.0.0.0/0            0.0.0.0/0            masq ports: 1000-2000 random
MASQUERADE  udp  --  0.0.0.0/0            0.0.0.0/0            masq ports: 1000 random-fully
SNAT       tcp  --  127.0.0.11           0.0.0.0/0            tcp spt:41263 to::53
=== match formats
$ iptables -A INPUT -m connmark ! --mark 7
$ iptables -A INPUT -m connmark ! --mark 7/0xff
$ iptables -A INPUT -m mark --mark 0
$ iptables -A INPUT -m mark --mark 0xffffffff/0xffffffff
$ iptables -A INPUT -m limit --limit 10/second
$ iptables -A INPUT -m limit --limit 10/s --limit-burst 1
$ iptables -A INPUT -m limit --limit 100/hour
$ iptables -A INPUT -m limit --limit 1/day
stderr: iptables: Numerical result out of range.
[exit 1]
$ iptables -A INPUT -m limit --limit 7/minute
$ iptables -A INPUT -p tcp -m multiport --dports 80,443,8000:8080
$ iptables -A INPUT -p tcp -m multiport ! --dports 22,80:90
$ iptables -A INPUT -p tcp -m multiport --sports http,https
$ iptables -A INPUT -p tcp -m multiport --source-ports 1 --destination-ports 2
stderr: iptables v1.8.7 (legacy): multiport: option "--source-ports" cannot be used together with "--destination-ports".
stderr: 
stderr: Try `iptables -h' or 'iptables --help' for more information.
[exit 2]
$ iptables -A INPUT -p udp -m multiport --ports 53
$ iptables -A FORWARD -m addrtype --dst-type LOCAL --limit-iface-out
$ iptables -A FORWARD -m addrtype --src-type UNSPEC,UNICAST,LOCAL,BROADCAST,ANYCAST,MULTICAST,BLACKHOLE,UNREACHABLE,PROHIBIT,THROW,NAT,XRESOLVE
$ iptables -A INPUT -m addrtype ! --dst-type local
$ iptables -A INPUT -m conntrack --ctorigsrc 10.0.0.0/8 ! --ctorigdst 10.1.0.0/255.255.0.0
$ iptables -A INPUT -m conntrack ! --ctstatus ASSURED ! --ctproto udp ! --ctorigsrcport 10:20 --ctrepldstport 5 --ctreplsrcport 6
$ iptables -A INPUT -m conntrack ! --ctexpire 5 ! --ctdir REPLY
stderr: iptables v1.8.7 (legacy): conntrack: option "--ctdir" cannot be inverted.
stderr: 
stderr: Try `iptables -h' or 'iptables --help' for more information.
[exit 2]
$ iptables -A INPUT -m conntrack --ctstate NEW -m conntrack --ctstate ESTABLISHED
$ iptables -A INPUT -m conntrack --ctstate new,established
$ iptables -A INPUT -m state --state NEW,UNTRACKED
$ iptables -A INPUT -m state --state INVALID,ESTABLISHED,NEW,RELATED,UNTRACKED
$ iptables -A INPUT -m statistic --mode nth --every 10 --packet 9
$ iptables -A INPUT -m statistic --mode random --probability 0.1
$ iptables -A INPUT -m statistic --mode random --probability 0.33333
$ iptables -A INPUT -m statistic --mode random --probability 1
$ iptables -A INPUT -m statistic --mode random --probability 0
$ iptables -A INPUT -m statistic --mode nth ! --every 2 --packet 1
$ iptables -A INPUT -m comment --comment "quote\"inside"
$ iptables -A INPUT -m comment --comment "back\\slash"
$ iptables -A INPUT -m comment --comment "*/ end"
$ iptables -A INPUT -m comment --comment ""
$ iptables -A INPUT -p icmp --icmp-type 11/1
$ iptables -A INPUT -p icmp --icmp-type 3
$ iptables -A INPUT -p icmp --icmp-type 42
$ iptables -A INPUT -p icmp --icmp-type 0
$ iptables -A INPUT -p icmp --icmp-type pong
$ iptables -A INPUT -p icmp --icmp-type ttl-exceeded
$ iptables -A INPUT -p icmp --icmp-type 5/3
$ iptables -A INPUT -p tcp --tcp-flags SYN,FIN SYN,FIN
$ iptables -A INPUT -p tcp --tcp-flags syn,ack ack
$ iptables -A INPUT -p tcp --tcp-flags ALL ALL
$ iptables -A INPUT -p tcp --tcp-flags NONE NONE
$ iptables -A INPUT -p tcp --sport 80:80 --dport 0:65535
$ iptables -A INPUT -p tcp ! --sport 1:
$ iptables -A INPUT -p udp --sport domain:http
$ iptables -A INPUT -p udp --dport 8080
$ iptables -A INPUT -p tcp --dport 8080
$ iptables -A INPUT -p tcp --dport 32768
$ iptables -A INPUT -j LOG --log-level alert --log-macdecode
$ iptables -A INPUT -j LOG --log-level 0
$ iptables -A INPUT -j LOG --log-level emerg
$ iptables -A INPUT -j LOG --log-level crit --log-prefix "a\"b"
$ iptables -A INPUT -j MARK --set-mark 0
$ iptables -A INPUT -j MARK --set-xmark 0
$ iptables -A INPUT -j MARK --set-mark 0xffffffff
$ iptables -A INPUT -j CONNMARK --and-mark 0xf
$ iptables -A INPUT -j CONNMARK --or-mark 0xf
$ iptables -A INPUT -j CONNMARK --xor-mark 0xf
$ iptables -A INPUT -j CONNMARK --save-mark --nfmask 0xf --ctmask 0xf0
$ iptables -A INPUT -j CONNMARK --restore-mark --mask 0xf
$ iptables -A INPUT -s 127.0.0.1 -d 127.0.0.0/8 -j ACCEPT
$ iptables -A INPUT -s 0.0.0.0/0 -d 0/0 -j ACCEPT
$ iptables -A INPUT -s 0.0.0.0/8 -j ACCEPT
$ iptables -A INPUT -s 1.2.3.4/0 -j ACCEPT
$ iptables -A INPUT ! -s 0/0 -j ACCEPT
$ iptables -A INPUT -s 10.0.0.0/24 -p tcp -m tcp --dport 80 -m comment --comment x -j ACCEPT
$ iptables -S
-P INPUT ACCEPT
-P FORWARD ACCEPT
-P OUTPUT ACCEPT
-A INPUT -m connmark ! --mark 0x7
-A INPUT -m connmark ! --mark 0x7/0xff
-A INPUT -m mark --mark 0x0
-A INPUT -m mark --mark 0xffffffff
-A INPUT -m limit --limit 10/sec
-A INPUT -m limit --limit 10/sec --limit-burst 1
-A INPUT -m limit --limit 100/hour
-A INPUT -m limit --limit 7/min
-A INPUT -p tcp -m multiport --dports 80,443,8000:8080
-A INPUT -p tcp -m multiport ! --dports 22,80:90
-A INPUT -p tcp -m multiport --sports 80,443
-A INPUT -p udp -m multiport --ports 53
-A INPUT -m addrtype ! --dst-type LOCAL
-A INPUT -m conntrack --ctorigsrc 10.0.0.0/8 ! --ctorigdst 10.1.0.0/16
-A INPUT -m conntrack ! --ctproto 17 ! --ctorigsrcport 10:20 --ctreplsrcport 6 --ctrepldstport 5 ! --ctstatus ASSURED
-A INPUT -m conntrack --ctstate NEW -m conntrack --ctstate ESTABLISHED
-A INPUT -m conntrack --ctstate NEW,ESTABLISHED
-A INPUT -m state --state NEW,UNTRACKED
-A INPUT -m state --state INVALID,NEW,RELATED,ESTABLISHED,UNTRACKED
-A INPUT -m statistic --mode nth --every 10 --packet 9
-A INPUT -m statistic --mode random --probability 0.10000000009
-A INPUT -m statistic --mode random --probability 0.33332999982
-A INPUT -m statistic --mode random --probability 1.00000000000
-A INPUT -m statistic --mode random --probability 0.00000000000
-A INPUT -m statistic --mode nth ! --every 2 --packet 1
-A INPUT -m comment --comment "quote\"inside"
-A INPUT -m comment --comment "back\\slash"
-A INPUT -m comment --comment "*/ end"
-A INPUT -m comment --comment ""
-A INPUT -p icmp -m icmp --icmp-type 11/1
-A INPUT -p icmp -m icmp --icmp-type 3
-A INPUT -p icmp -m icmp --icmp-type 42
-A INPUT -p icmp -m icmp --icmp-type 0
-A INPUT -p icmp -m icmp --icmp-type 0
-A INPUT -p icmp -m icmp --icmp-type 11
-A INPUT -p icmp -m icmp --icmp-type 5/3
-A INPUT -p tcp -m tcp --tcp-flags FIN,SYN FIN,SYN
-A INPUT -p tcp -m tcp --tcp-flags SYN,ACK ACK
-A INPUT -p tcp -m tcp --tcp-flags FIN,SYN,RST,PSH,ACK,URG FIN,SYN,RST,PSH,ACK,URG
-A INPUT -p tcp -m tcp
-A INPUT -p tcp -m tcp --sport 80
-A INPUT -p tcp -m tcp ! --sport 1:65535
-A INPUT -p udp -m udp --sport 53:80
-A INPUT -p udp -m udp --dport 8080
-A INPUT -p tcp -m tcp --dport 8080
-A INPUT -p tcp -m tcp --dport 32768
-A INPUT -j LOG --log-level 1 --log-macdecode
-A INPUT -j LOG --log-level 0
-A INPUT -j LOG --log-level 0
-A INPUT -j LOG --log-prefix "a\"b" --log-level 2
-A INPUT -j MARK --set-xmark 0x0/0xffffffff
-A INPUT -j MARK --set-xmark 0x0/0xffffffff
-A INPUT -j MARK --set-xmark 0xffffffff/0xffffffff
-A INPUT -j CONNMARK --set-xmark 0x0/0xfffffff0
-A INPUT -j CONNMARK --set-xmark 0xf/0xf
-A INPUT -j CONNMARK --set-xmark 0xf/0x0
-A INPUT -j CONNMARK --save-mark --nfmask 0xf --ctmask 0xf0
-A INPUT -j CONNMARK --restore-mark --nfmask 0xf --ctmask 0xf
-A INPUT -s 127.0.0.1/32 -d 127.0.0.0/8 -j ACCEPT
-A INPUT -j ACCEPT
-A INPUT -s 0.0.0.0/8 -j ACCEPT
-A INPUT -j ACCEPT
-A INPUT ! -s 0.0.0.0/0 -j ACCEPT
-A INPUT -s 10.0.0.0/24 -p tcp -m tcp --dport 80 -m comment --comment x -j ACCEPT
-A FORWARD -m addrtype --dst-type LOCAL --limit-iface-out
-A FORWARD -m addrtype --src-type UNSPEC,UNICAST,LOCAL,BROADCAST,ANYCAST,MULTICAST,BLACKHOLE,UNREACHABLE,PROHIBIT,THROW,NAT,XRESOLVE
$ iptables -L
Chain INPUT (policy ACCEPT)
target     prot opt source               destination         
           all  --  anywhere             anywhere             connmark match ! 0x7
           all  --  anywhere             anywhere             connmark match ! 0x7/0xff
           all  --  anywhere             anywhere             mark match 0x0
           all  --  anywhere             anywhere             mark match 0xffffffff
           all  --  anywhere             anywhere             limit: avg 10/sec burst 5
           all  --  anywhere             anywhere             limit: avg 10/sec burst 1
           all  --  anywhere             anywhere             limit: avg 100/hour burst 5
           all  --  anywhere             anywhere             limit: avg 7/min burst 5
           tcp  --  anywhere             anywhere             multiport dports http,https,8000:http-alt
           tcp  --  anywhere             anywhere             multiport dports  !ssh,http:90
           tcp  --  anywhere             anywhere             multiport sports http,https
           udp  --  anywhere             anywhere             multiport ports domain
           all  --  anywhere             anywhere             ADDRTYPE match dst-type !LOCAL
           all  --  anywhere             anywhere             ctorigsrc 10.0.0.0/8 ! ctorigdst 10.1.0.0/16
           all  --  anywhere             anywhere             ! ctproto 17 ! ctorigsrcport 10:20 ctreplsrcport 6 ctrepldstport 5 ! ctstatus ASSURED
           all  --  anywhere             anywhere             ctstate NEW ctstate ESTABLISHED
           all  --  anywhere             anywhere             ctstate NEW,ESTABLISHED
           all  --  anywhere             anywhere             state NEW,UNTRACKED
           all  --  anywhere             anywhere             state INVALID,NEW,RELATED,ESTABLISHED,UNTRACKED
           all  --  anywhere             anywhere             statistic mode nth every 10 packet 9
           all  --  anywhere             anywhere             statistic mode random probability 0.10000000009
           all  --  anywhere             anywhere             statistic mode random probability 0.33332999982
           all  --  anywhere             anywhere             statistic mode random probability 1.00000000000
           all  --  anywhere             anywhere             statistic mode random probability 0.00000000000
           all  --  anywhere             anywhere             statistic mode nth ! every 2 packet 1
           all  --  anywhere             anywhere             /* quote"inside */
           all  --  anywhere             anywhere             /* back\slash */
           all  --  anywhere             anywhere             /* */ end */
           all  --  anywhere             anywhere             /*  */
           icmp --  anywhere             anywhere             icmp ttl-zero-during-reassembly
           icmp --  anywhere             anywhere             icmp destination-unreachable
           icmp --  anywhere             anywhere             icmptype 42
           icmp --  anywhere             anywhere             icmp echo-reply
           icmp --  anywhere             anywhere             icmp echo-reply
           icmp --  anywhere             anywhere             icmp time-exceeded
           icmp --  anywhere             anywhere             icmp TOS-host-redirect
           tcp  --  anywhere             anywhere             tcp flags:FIN,SYN/FIN,SYN
           tcp  --  anywhere             anywhere             tcp flags:SYN,ACK/ACK
           tcp  --  anywhere             anywhere             tcp flags:FIN,SYN,RST,PSH,ACK,URG/FIN,SYN,RST,PSH,ACK,URG
           tcp  --  anywhere             anywhere             tcp
           tcp  --  anywhere             anywhere             tcp spt:http
           tcp  --  anywhere             anywhere             tcp spts:!tcpmux:65535
           udp  --  anywhere             anywhere             udp spts:domain:80
           udp  --  anywhere             anywhere             udp dpt:8080
           tcp  --  anywhere             anywhere             tcp dpt:http-alt
           tcp  --  anywhere             anywhere             tcp dpt:32768
LOG        all  --  anywhere             anywhere             LOG level alert macdecode
LOG        all  --  anywhere             anywhere             LOG level emerg
LOG        all  --  anywhere             anywhere             LOG level emerg
LOG        all  --  anywhere             anywhere             LOG level crit prefix "a"b"
MARK       all  --  anywhere             anywhere             MARK and 0x0
MARK       all  --  anywhere             anywhere             MARK and 0x0
MARK       all  --  anywhere             anywhere             MARK or 0xffffffff
CONNMARK   all  --  anywhere             anywhere             CONNMARK and 0xf
CONNMARK   all  --  anywhere             anywhere             CONNMARK or 0xf
CONNMARK   all  --  anywhere             anywhere             CONNMARK xor 0xf
CONNMARK   all  --  anywhere             anywhere             CONNMARK save nfmask 0xf ctmask ~0xf0
CONNMARK   all  --  anywhere             anywhere             CONNMARK restore mask 0xf
ACCEPT     all  --  localhost            loopback/8          
ACCEPT     all  --  anywhere             anywhere            
ACCEPT     all  --  default/8            anywhere            
ACCEPT     all  --  anywhere             anywhere            
ACCEPT     all  -- !anywhere             anywhere            
ACCEPT     tcp  --  10.0.0.0/24          anywhere             tcp dpt:http /* x */

Chain FORWARD (policy ACCEPT)
target     prot opt source               destination         
           all  --  anywhere             anywhere             ADDRTYPE match dst-type LOCAL limit-out
           all  --  anywhere             anywhere             ADDRTYPE match src-type UNSPEC,UNICAST,LOCAL,BROADCAST,ANYCAST,MULTICAST,BLACKHOLE,UNREACHABLE,PROHIBIT,THROW,NAT,XRESOLVE

Chain OUTPUT (policy ACCEPT)
target     prot opt source               destination         
$ iptables -nL
Chain INPUT (policy ACCEPT)
target     prot opt source               destination         
           all  --  0.0.0.0/0            0.0.0.0/0            connmark match ! 0x7
           all  --  0.0.0.0/0            0.0.0.0/0            connmark match ! 0x7/0xff
           all  --  0.0.0.0/0            0.0.0.0/0            mark match 0x0
           all  --  0.0.0.0/0            0.0.0.0/0            mark match 0xffffffff
           all  --  0.0.0.0/0            0.0.0.0/0            limit: avg 10/sec burst 5
           all  --  0.0.0.0/0            0.0.0.0/0            limit: avg 10/sec burst 1
           all  --  0.0.0.0/0            0.0.0.0/0            limit: avg 100/hour burst 5
           all  --  0.0.0.0/0            0.0.0.0/0            limit: avg 7/min burst 5
           tcp  --  0.0.0.0/0            0.0.0.0/0            multiport dports 80,443,8000:8080
           tcp  --  0.0.0.0/0            0.0.0.0/0            multiport dports  !22,80:90
           tcp  --  0.0.0.0/0            0.0.0.0/0            multiport sports 80,443
           udp  --  0.0.0.0/0            0.0.0.0/0            multiport ports 53
           all  --  0.0.0.0/0            0.0.0.0/0            ADDRTYPE match dst-type !LOCAL
           all  --  0.0.0.0/0            0.0.0.0/0            ctorigsrc 10.0.0.0/8 ! ctorigdst 10.1.0.0/16
           all  --  0.0.0.0/0            0.0.0.0/0            ! ctproto 17 ! ctorigsrcport 10:20 ctreplsrcport 6 ctrepldstport 5 ! ctstatus ASSURED
           all  --  0.0.0.0/0            0.0.0.0/0            ctstate NEW ctstate ESTABLISHED
           all  --  0.0.0.0/0            0.0.0.0/0            ctstate NEW,ESTABLISHED
           all  --  0.0.0.0/0            0.0.0.0/0            state NEW,UNTRACKED
           all  --  0.0.0.0/0            0.0.0.0/0            state INVALID,NEW,RELATED,ESTABLISHED,UNTRACKED
           all  --  0.0.0.0/0            0.0.0.0/0            statistic mode nth every 10 packet 9
           all  --  0.0.0.0/0            0.0.0.0/0            statistic mode random probability 0.10000000009
           all  --  0.0.0.0/0            0.0.0.0/0            statistic mode random probability 0.33332999982
           all  --  0.0.0.0/0            0.0.0.0/0            statistic mode random probability 1.00000000000
           all  --  0.0.0.0/0            0.0.0.0/0            statistic mode random probability 0.00000000000
           all  --  0.0.0.0/0            0.0.0.0/0            statistic mode nth ! every 2 packet 1
           all  --  0.0.0.0/0            0.0.0.0/0            /* quote"inside */
           all  --  0.0.0.0/0            0.0.0.0/0            /* back\slash */
           all  --  0.0.0.0/0            0.0.0.0/0            /* */ end */
           all  --  0.0.0.0/0            0.0.0.0/0            /*  */
           icmp --  0.0.0.0/0            0.0.0.0/0            icmptype 11 code 1
           icmp --  0.0.0.0/0            0.0.0.0/0            icmptype 3
           icmp --  0.0.0.0/0            0.0.0.0/0            icmptype 42
           icmp --  0.0.0.0/0            0.0.0.0/0            icmptype 0
           icmp --  0.0.0.0/0            0.0.0.0/0            icmptype 0
           icmp --  0.0.0.0/0            0.0.0.0/0            icmptype 11
           icmp --  0.0.0.0/0            0.0.0.0/0            icmptype 5 code 3
           tcp  --  0.0.0.0/0            0.0.0.0/0            tcp flags:0x03/0x03
           tcp  --  0.0.0.0/0            0.0.0.0/0            tcp flags:0x12/0x10
           tcp  --  0.0.0.0/0            0.0.0.0/0            tcp flags:0x3F/0x3F
           tcp  --  0.0.0.0/0            0.0.0.0/0            tcp
           tcp  --  0.0.0.0/0            0.0.0.0/0            tcp spt:80
           tcp  --  0.0.0.0/0            0.0.0.0/0            tcp spts:!1:65535
           udp  --  0.0.0.0/0            0.0.0.0/0            udp spts:53:80
           udp  --  0.0.0.0/0            0.0.0.0/0            udp dpt:8080
           tcp  --  0.0.0.0/0            0.0.0.0/0            tcp dpt:8080
           tcp  --  0.0.0.0/0            0.0.0.0/0            tcp dpt:32768
LOG        all  --  0.0.0.0/0            0.0.0.0/0            LOG flags 32 level 1
LOG        all  --  0.0.0.0/0            0.0.0.0/0            LOG flags 0 level 0
LOG        all  --  0.0.0.0/0            0.0.0.0/0            LOG flags 0 level 0
LOG        all  --  0.0.0.0/0            0.0.0.0/0            LOG flags 0 level 2 prefix "a"b"
MARK       all  --  0.0.0.0/0            0.0.0.0/0            MARK and 0x0
MARK       all  --  0.0.0.0/0            0.0.0.0/0            MARK and 0x0
MARK       all  --  0.0.0.0/0            0.0.0.0/0            MARK or 0xffffffff
CONNMARK   all  --  0.0.0.0/0            0.0.0.0/0            CONNMARK and 0xf
CONNMARK   all  --  0.0.0.0/0            0.0.0.0/0            CONNMARK or 0xf
CONNMARK   all  --  0.0.0.0/0            0.0.0.0/0            CONNMARK xor 0xf
CONNMARK   all  --  0.0.0.0/0            0.0.0.0/0            CONNMARK save nfmask 0xf ctmask ~0xf0
CONNMARK   all  --  0.0.0.0/0            0.0.0.0/0            CONNMARK restore mask 0xf
ACCEPT     all  --  127.0.0.1            127.0.0.0/8         
ACCEPT     all  --  0.0.0.0/0            0.0.0.0/0           
ACCEPT     all  --  0.0.0.0/8            0.0.0.0/0           
ACCEPT     all  --  0.0.0.0/0            0.0.0.0/0           
ACCEPT     all  -- !0.0.0.0/0            0.0.0.0/0           
ACCEPT     tcp  --  10.0.0.0/24          0.0.0.0/0            tcp dpt:80 /* x */

Chain FORWARD (policy ACCEPT)
target     prot opt source               destination         
           all  --  0.0.0.0/0            0.0.0.0/0            ADDRTYPE match dst-type LOCAL limit-out
           all  --  0.0.0.0/0            0.0.0.0/0            ADDRTYPE match src-type UNSPEC,UNICAST,LOCAL,BROADCAST,ANYCAST,MULTICAST,BLACKHOLE,UNREACHABLE,PROHIBIT,THROW,NAT,XRESOLVE

Chain OUTPUT (policy ACCEPT)
target     prot opt source               destination         
=== log levels
$ iptables -A INPUT -j LOG --log-level 1
$ iptables -A INPUT -j LOG --log-level 2
$ iptables -A INPUT -j LOG --log-level 3
$ iptables -A INPUT -j LOG --log-level 5
$ iptables -A INPUT -j LOG --log-level 6
$ iptables -A INPUT -j LOG --log-level err
stderr: iptables v1.8.7 (legacy): log level "err" unknown
stderr: 
stderr: Try `iptables -h' or 'iptables --help' for more information.
[exit 2]
$ iptables -A INPUT -j LOG --log-level error
$ iptables -A INPUT -j LOG --log-level warn
stderr: iptables v1.8.7 (legacy): log level "warn" unknown
stderr: 
stderr: Try `iptables -h' or 'iptables --help' for more information.
[exit 2]
$ iptables -A INPUT -j LOG --log-level warning
$ iptables -A INPUT -j LOG --log-level panic
$ iptables -A INPUT -j LOG --log-level INFO
stderr: iptables v1.8.7 (legacy): log level "INFO" unknown
stderr: 
stderr: Try `iptables -h' or 'iptables --help' for more information.
[exit 2]
$ iptables -A INPUT -j LOG --log-level notice
$ iptables -A INPUT -j LOG --log-level -1
stderr: iptables v1.8.7 (legacy): log level "-1" unknown
stderr: 
stderr: Try `iptables -h' or 'iptables --help' for more information.
[exit 2]
$ iptables -A INPUT -j LOG --log-level 0x3
$ iptables -L INPUT
Chain INPUT (policy ACCEPT)
target     prot opt source               destination         
LOG        all  --  anywhere             anywhere             LOG level alert
LOG        all  --  anywhere             anywhere             LOG level crit
LOG        all  --  anywhere             anywhere             LOG level err
LOG        all  --  anywhere             anywhere             LOG level notice
LOG        all  --  anywhere             anywhere             LOG level info
LOG        all  --  anywhere             anywhere             LOG level err
LOG        all  --  anywhere             anywhere             LOG level warn
LOG        all  --  anywhere             anywhere             LOG level emerg
LOG        all  --  anywhere             anywhere             LOG level notice
LOG        all  --  anywhere             anywhere             LOG level err
