=== basics
$ iptables -A INPUT -s 10.0.0.0/255.255.0.0 -j ACCEPT
$ iptables -A INPUT -s 10.1.2.3/16 -d 192.168.1.1/0 -j DROP
$ iptables -A INPUT -i eth+ -o veth0 -j ACCEPT
stderr: iptables v1.8.7 (legacy): Can't use -o with INPUT
stderr: 
stderr: Try `iptables -h' or 'iptables --help' for more information.
[exit 2]
$ iptables -A INPUT ! -i eth+ -j RETURN
$ iptables -A INPUT -p all -j ACCEPT
$ iptables -A INPUT -p 47 -j ACCEPT
$ iptables -A INPUT -p gre -j ACCEPT
$ iptables -A INPUT -p TCP --dport 1:1024 -j ACCEPT
$ iptables -A INPUT -p udp --sport :1024 -j ACCEPT
$ iptables -A INPUT -p udp --sport 1024: -j ACCEPT
$ iptables -A INPUT -p tcp --dport 80:80 -j ACCEPT
$ iptables -A INPUT -p tcp ! --dport 22 -j ACCEPT
$ iptables -A INPUT -p tcp --dport ssh -j ACCEPT
$ iptables -A INPUT -p tcp --dport http:https -j ACCEPT
$ iptables -A INPUT -p tcp --syn -j ACCEPT
$ iptables -A INPUT -p tcp ! --syn -j ACCEPT
$ iptables -A INPUT -p tcp --tcp-flags SYN,ACK,FIN,RST SYN -j ACCEPT
$ iptables -A INPUT -p tcp --tcp-flags ALL NONE -j DROP
$ iptables -A INPUT -p tcp --tcp-flags ALL ALL -j DROP
$ iptables -A INPUT -p tcp ! --tcp-flags FIN,SYN FIN,SYN -j DROP
$ iptables -A INPUT -p tcp --tcp-option 2 -j DROP
$ iptables -A INPUT -p icmp --icmp-type echo-request -j ACCEPT
$ iptables -A INPUT -p icmp --icmp-type 3/4 -j ACCEPT
$ iptables -A INPUT -p icmp --icmp-type any -j ACCEPT
$ iptables -A INPUT -p icmp ! --icmp-type destination-unreachable -j ACCEPT
$ iptables -A INPUT -p icmp --icmp-type port-unreachable -j ACCEPT
$ iptables -A INPUT -p icmp --icmp-type fragmentation-needed -j ACCEPT
$ iptables -A INPUT -p icmp --icmp-type time-exceeded -j ACCEPT
$ iptables -A INPUT -p icmp --icmp-type bogus -j ACCEPT
stderr: iptables v1.8.7 (legacy): Unknown ICMP type `bogus'
stderr: Try `iptables -h' or 'iptables --help' for more information.
[exit 2]
$ iptables -A INPUT -p icmp --icmp-type 300 -j ACCEPT
stderr: iptables v1.8.7 (legacy): Unknown ICMP type `300'
stderr: Try `iptables -h' or 'iptables --help' for more information.
[exit 2]
$ iptables -S
-P INPUT ACCEPT
-P FORWARD ACCEPT
-P OUTPUT ACCEPT
-A INPUT -s 10.0.0.0/16 -j ACCEPT
-A INPUT -s 10.1.0.0/16 -j DROP
-A INPUT ! -i eth+ -j RETURN
-A INPUT -j ACCEPT
-A INPUT -p gre -j ACCEPT
-A INPUT -p gre -j ACCEPT
-A INPUT -p tcp -m tcp --dport 1:1024 -j ACCEPT
-A INPUT -p udp -m udp --sport 0:1024 -j ACCEPT
-A INPUT -p udp -m udp --sport 1024:65535 -j ACCEPT
-A INPUT -p tcp -m tcp --dport 80 -j ACCEPT
-A INPUT -p tcp -m tcp ! --dport 22 -j ACCEPT
-A INPUT -p tcp -m tcp --dport 22 -j ACCEPT
-A INPUT -p tcp -m tcp --dport 80:443 -j ACCEPT
-A INPUT -p tcp -m tcp --tcp-flags FIN,SYN,RST,ACK SYN -j ACCEPT
-A INPUT -p tcp -m tcp ! --tcp-flags FIN,SYN,RST,ACK SYN -j ACCEPT
-A INPUT -p tcp -m tcp --tcp-flags FIN,SYN,RST,ACK SYN -j ACCEPT
-A INPUT -p tcp -m tcp --tcp-flags FIN,SYN,RST,PSH,ACK,URG NONE -j DROP
-A INPUT -p tcp -m tcp --tcp-flags FIN,SYN,RST,PSH,ACK,URG FIN,SYN,RST,PSH,ACK,URG -j DROP
-A INPUT -p tcp -m tcp ! --tcp-flags FIN,SYN FIN,SYN -j DROP
-A INPUT -p tcp -m tcp --tcp-option 2 -j DROP
-A INPUT -p icmp -m icmp --icmp-type 8 -j ACCEPT
-A INPUT -p icmp -m icmp --icmp-type 3/4 -j ACCEPT
-A INPUT -p icmp -m icmp --icmp-type any -j ACCEPT
-A INPUT -p icmp -m icmp ! --icmp-type 3 -j ACCEPT
-A INPUT -p icmp -m icmp --icmp-type 3/3 -j ACCEPT
-A INPUT -p icmp -m icmp --icmp-type 3/4 -j ACCEPT
-A INPUT -p icmp -m icmp --icmp-type 11 -j ACCEPT
$ iptables -L
Chain INPUT (policy ACCEPT)
target     prot opt source               destination         
ACCEPT     all  --  10.0.0.0/16          anywhere            
DROP       all  --  10.1.0.0/16          anywhere            
RETURN     all  --  anywhere             anywhere            
ACCEPT     all  --  anywhere             anywhere            
ACCEPT     gre  --  anywhere             anywhere            
ACCEPT     gre  --  anywhere             anywhere            
ACCEPT     tcp  --  anywhere             anywhere             tcp dpts:tcpmux:1024
ACCEPT     udp  --  anywhere             anywhere             udp spts:0:1024
ACCEPT     udp  --  anywhere             anywhere             udp spts:1024:65535
ACCEPT     tcp  --  anywhere             anywhere             tcp dpt:http
ACCEPT     tcp  --  anywhere             anywhere             tcp dpt:!ssh
ACCEPT     tcp  --  anywhere             anywhere             tcp dpt:ssh
ACCEPT     tcp  --  anywhere             anywhere             tcp dpts:http:https
ACCEPT     tcp  --  anywhere             anywhere             tcp flags:FIN,SYN,RST,ACK/SYN
ACCEPT     tcp  --  anywhere             anywhere             tcp flags:!FIN,SYN,RST,ACK/SYN
ACCEPT     tcp  --  anywhere             anywhere             tcp flags:FIN,SYN,RST,ACK/SYN
DROP       tcp  --  anywhere             anywhere             tcp flags:FIN,SYN,RST,PSH,ACK,URG/NONE
DROP       tcp  --  anywhere             anywhere             tcp flags:FIN,SYN,RST,PSH,ACK,URG/FIN,SYN,RST,PSH,ACK,URG
DROP       tcp  --  anywhere             anywhere             tcp flags:!FIN,SYN/FIN,SYN
DROP       tcp  --  anywhere             anywhere             tcp option=2
ACCEPT     icmp --  anywhere             anywhere             icmp echo-request
ACCEPT     icmp --  anywhere             anywhere             icmp fragmentation-needed
ACCEPT     icmp --  anywhere             anywhere             icmp any
ACCEPT     icmp --  anywhere             anywhere             icmp !destination-unreachable
ACCEPT     icmp --  anywhere             anywhere             icmp port-unreachable
ACCEPT     icmp --  anywhere             anywhere             icmp fragmentation-needed
ACCEPT     icmp --  anywhere             anywhere             icmp time-exceeded

Chain FORWARD (policy ACCEPT)
target     prot opt source               destination         

Chain OUTPUT (policy ACCEPT)
target     prot opt source               destination         
$ iptables -nL
Chain INPUT (policy ACCEPT)
target     prot opt source               destination         
ACCEPT     all  --  10.0.0.0/16          0.0.0.0/0           
DROP       all  --  10.1.0.0/16          0.0.0.0/0           
RETURN     all  --  0.0.0.0/0            0.0.0.0/0           
ACCEPT     all  --  0.0.0.0/0            0.0.0.0/0           
ACCEPT     47   --  0.0.0.0/0            0.0.0.0/0           
ACCEPT     47   --  0.0.0.0/0            0.0.0.0/0           
ACCEPT     tcp  --  0.0.0.0/0            0.0.0.0/0            tcp dpts:1:1024
ACCEPT     udp  --  0.0.0.0/0            0.0.0.0/0            udp spts:0:1024
ACCEPT     udp  --  0.0.0.0/0            0.0.0.0/0            udp spts:1024:65535
ACCEPT     tcp  --  0.0.0.0/0            0.0.0.0/0            tcp dpt:80
ACCEPT     tcp  --  0.0.0.0/0            0.0.0.0/0            tcp dpt:!22
ACCEPT     tcp  --  0.0.0.0/0            0.0.0.0/0            tcp dpt:22
ACCEPT     tcp  --  0.0.0.0/0            0.0.0.0/0            tcp dpts:80:443
ACCEPT     tcp  --  0.0.0.0/0            0.0.0.0/0            tcp flags:0x17/0x02
ACCEPT     tcp  --  0.0.0.0/0            0.0.0.0/0            tcp flags:!0x17/0x02
ACCEPT     tcp  --  0.0.0.0/0            0.0.0.0/0            tcp flags:0x17/0x02
DROP       tcp  --  0.0.0.0/0            0.0.0.0/0            tcp flags:0x3F/0x00
DROP       tcp  --  0.0.0.0/0            0.0.0.0/0            tcp flags:0x3F/0x3F
DROP       tcp  --  0.0.0.0/0            0.0.0.0/0            tcp flags:!0x03/0x03
DROP       tcp  --  0.0.0.0/0            0.0.0.0/0            tcp option=2
ACCEPT     icmp --  0.0.0.0/0            0.0.0.0/0            icmptype 8
ACCEPT     icmp --  0.0.0.0/0            0.0.0.0/0            icmptype 3 code 4
ACCEPT     icmp --  0.0.0.0/0            0.0.0.0/0            icmptype 255
ACCEPT     icmp --  0.0.0.0/0            0.0.0.0/0            icmp !type 3
ACCEPT     icmp --  0.0.0.0/0            0.0.0.0/0            icmptype 3 code 3
ACCEPT     icmp --  0.0.0.0/0            0.0.0.0/0            icmptype 3 code 4
ACCEPT     icmp --  0.0.0.0/0            0.0.0.0/0            icmptype 11

Chain FORWARD (policy ACCEPT)
target     prot opt source               destination         

Chain OUTPUT (policy ACCEPT)
target     prot opt source               destination         
$ iptables -nvL --line-numbers
Chain INPUT (policy ACCEPT 0 packets, 0 bytes)
num   pkts bytes target     prot opt in     out     source               destination         
1        0     0 ACCEPT     all  --  *      *       10.0.0.0/16          0.0.0.0/0           
2        0     0 DROP       all  --  *      *       10.1.0.0/16          0.0.0.0/0           
3        0     0 RETURN     all  --  !eth+  *       0.0.0.0/0            0.0.0.0/0           
4        0     0 ACCEPT     all  --  *      *       0.0.0.0/0            0.0.0.0/0           
5        0     0 ACCEPT     47   --  *      *       0.0.0.0/0            0.0.0.0/0           
6        0     0 ACCEPT     47   --  *      *       0.0.0.0/0            0.0.0.0/0           
7        0     0 ACCEPT     tcp  --  *      *       0.0.0.0/0            0.0.0.0/0            tcp dpts:1:1024
8        0     0 ACCEPT     udp  --  *      *       0.0.0.0/0            0.0.0.0/0            udp spts:0:1024
9        0     0 ACCEPT     udp  --  *      *       0.0.0.0/0            0.0.0.0/0            udp spts:1024:65535
10       0     0 ACCEPT     tcp  --  *      *       0.0.0.0/0            0.0.0.0/0            tcp dpt:80
11       0     0 ACCEPT     tcp  --  *      *       0.0.0.0/0            0.0.0.0/0            tcp dpt:!22
12       0     0 ACCEPT     tcp  --  *      *       0.0.0.0/0            0.0.0.0/0            tcp dpt:22
13       0     0 ACCEPT     tcp  --  *      *       0.0.0.0/0            0.0.0.0/0            tcp dpts:80:443
14       0     0 ACCEPT     tcp  --  *      *       0.0.0.0/0            0.0.0.0/0            tcp flags:0x17/0x02
15       0     0 ACCEPT     tcp  --  *      *       0.0.0.0/0            0.0.0.0/0            tcp flags:!0x17/0x02
16       0     0 ACCEPT     tcp  --  *      *       0.0.0.0/0            0.0.0.0/0            tcp flags:0x17/0x02
17       0     0 DROP       tcp  --  *      *       0.0.0.0/0            0.0.0.0/0            tcp flags:0x3F/0x00
18       0     0 DROP       tcp  --  *      *       0.0.0.0/0            0.0.0.0/0            tcp flags:0x3F/0x3F
19       0     0 DROP       tcp  --  *      *       0.0.0.0/0            0.0.0.0/0            tcp flags:!0x03/0x03
20       0     0 DROP       tcp  --  *      *       0.0.0.0/0            0.0.0.0/0            tcp option=2
21       0     0 ACCEPT     icmp --  *      *       0.0.0.0/0            0.0.0.0/0            icmptype 8
22       0     0 ACCEPT     icmp --  *      *       0.0.0.0/0            0.0.0.0/0            icmptype 3 code 4
23       0     0 ACCEPT     icmp --  *      *       0.0.0.0/0            0.0.0.0/0            icmptype 255
24       0     0 ACCEPT     icmp --  *      *       0.0.0.0/0            0.0.0.0/0            icmp !type 3
25       0     0 ACCEPT     icmp --  *      *       0.0.0.0/0            0.0.0.0/0            icmptype 3 code 3
26       0     0 ACCEPT     icmp --  *      *       0.0.0.0/0            0.0.0.0/0            icmptype 3 code 4
27       0     0 ACCEPT     icmp --  *      *       0.0.0.0/0            0.0.0.0/0            icmptype 11

Chain FORWARD (policy ACCEPT 0 packets, 0 bytes)
num   pkts bytes target     prot opt in     out     source               destination         

Chain OUTPUT (policy ACCEPT 0 packets, 0 bytes)
num   pkts bytes target     prot opt in     out     source               destination         
$ iptables-save
# Generated by iptables-save v1.8.7 on Fri Nov 17 09:10:00 2023
*filter
:INPUT ACCEPT [0:0]
:FORWARD ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
-A INPUT -s 10.0.0.0/16 -j ACCEPT
-A INPUT -s 10.1.0.0/16 -j DROP
-A INPUT ! -i eth+ -j RETURN
-A INPUT -j ACCEPT
-A INPUT -p gre -j ACCEPT
-A INPUT -p gre -j ACCEPT
-A INPUT -p tcp -m tcp --dport 1:1024 -j ACCEPT
-A INPUT -p udp -m udp --sport 0:1024 -j ACCEPT
-A INPUT -p udp -m udp --sport 1024:65535 -j ACCEPT
-A INPUT -p tcp -m tcp --dport 80 -j ACCEPT
-A INPUT -p tcp -m tcp ! --dport 22 -j ACCEPT
-A INPUT -p tcp -m tcp --dport 22 -j ACCEPT
-A INPUT -p tcp -m tcp --dport 80:443 -j ACCEPT
-A INPUT -p tcp -m tcp --tcp-flags FIN,SYN,RST,ACK SYN -j ACCEPT
-A INPUT -p tcp -m tcp ! --tcp-flags FIN,SYN,RST,ACK SYN -j ACCEPT
-A INPUT -p tcp -m tcp --tcp-flags FIN,SYN,RST,ACK SYN -j ACCEPT
-A INPUT -p tcp -m tcp --tcp-flags FIN,SYN,RST,PSH,ACK,URG NONE -j DROP
-A INPUT -p tcp -m tcp --tcp-flags FIN,SYN,RST,PSH,ACK,URG FIN,SYN,RST,PSH,ACK,URG -j DROP
-A INPUT -p tcp -m tcp ! --tcp-flags FIN,SYN FIN,SYN -j DROP
-A INPUT -p tcp -m tcp --tcp-option 2 -j DROP
-A INPUT -p icmp -m icmp --icmp-type 8 -j ACCEPT
-A INPUT -p icmp -m icmp --icmp-type 3/4 -j ACCEPT
-A INPUT -p icmp -m icmp --icmp-type any -j ACCEPT
-A INPUT -p icmp -m icmp ! --icmp-type 3 -j ACCEPT
-A INPUT -p icmp -m icmp --icmp-type 3/3 -j ACCEPT
-A INPUT -p icmp -m icmp --icmp-type 3/4 -j ACCEPT
-A INPUT -p icmp -m icmp --icmp-type 11 -j ACCEPT
COMMIT
# Completed on Fri Nov 17 09:10:00 2023
=== multiport and friends
$ iptables -A INPUT -p tcp -m multiport --dports 80,443,8000:8080 -j ACCEPT
$ iptables -A INPUT -p tcp -m multiport ! --sports 1,2,3 -j ACCEPT
$ iptables -A INPUT -p udp -m multiport --ports 53,5353 -j ACCEPT
$ iptables -A INPUT -p tcp -m multiport --dports 1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16 -j ACCEPT
stderr: iptables v1.8.7 (legacy): too many ports specified
stderr: Try `iptables -h' or 'iptables --help' for more information.
[exit 2]
$ iptables -A INPUT -p tcp -m multiport --dports 1,2,3,4,5,6,7,8,9,10,11,12,13,14,15 -j ACCEPT
$ iptables -A INPUT -m multiport --dports 80 -j ACCEPT
stderr: iptables v1.8.7 (legacy): multiport needs `-p tcp', `-p udp', `-p udplite', `-p sctp' or `-p dccp'
stderr: Try `iptables -h' or 'iptables --help' for more information.
[exit 2]
$ iptables -A INPUT -p tcp -m multiport --dports 80:70 -j ACCEPT
stderr: iptables v1.8.7 (legacy): invalid portrange specified
stderr: Try `iptables -h' or 'iptables --help' for more information.
[exit 2]
$ iptables -A INPUT -m conntrack --ctstate NEW,INVALID,UNTRACKED -j DROP
$ iptables -A INPUT -m conntrack ! --ctstate NEW -j DROP
$ iptables -A INPUT -m conntrack --ctstate DNAT --ctorigdst 10.0.0.1 -j ACCEPT
$ iptables -A INPUT -m conntrack --ctproto tcp --ctorigdstport 80 -j ACCEPT
$ iptables -A INPUT -m conntrack --ctstatus ASSURED -j ACCEPT
$ iptables -A INPUT -m conntrack --ctstate BOGUS -j ACCEPT
stderr: iptables v1.8.7 (legacy): Bad ctstate "BOGUS"
stderr: Try `iptables -h' or 'iptables --help' for more information.
[exit 2]
$ iptables -A INPUT -m state --state ESTABLISHED,RELATED -j ACCEPT
$ iptables -A INPUT -m state ! --state INVALID -j ACCEPT
$ iptables -A INPUT -m addrtype --src-type LOCAL,BROADCAST -j ACCEPT
$ iptables -A INPUT -m addrtype ! --dst-type LOCAL --limit-iface-in -j ACCEPT
$ iptables -A INPUT -m addrtype --dst-type FOO -j ACCEPT
stderr: iptables v1.8.7 (legacy): addrtype: bad type "FOO"
stderr: Try `iptables -h' or 'iptables --help' for more information.
[exit 2]
$ iptables -A INPUT -m mark --mark 0x1/0xff -j ACCEPT
$ iptables -A INPUT -m mark ! --mark 5 -j ACCEPT
$ iptables -A INPUT -m comment --comment "hello world" -j ACCEPT
$ iptables -A INPUT -m comment --comment 'quote"d' -j ACCEPT
$ iptables -A INPUT -m comment --comment "" -j ACCEPT
$ iptables -A INPUT -m limit --limit 5/min --limit-burst 10 -j LOG
$ iptables -A INPUT -m limit --limit 3/hour -j ACCEPT
$ iptables -A INPUT -m limit --limit 100/sec -j ACCEPT
$ iptables -A INPUT -m limit --limit 7/day -j ACCEPT
$ iptables -S
-P INPUT ACCEPT
-P FORWARD ACCEPT
-P OUTPUT ACCEPT
-A INPUT -p tcp -m multiport --dports 80,443,8000:8080 -j ACCEPT
-A INPUT -p tcp -m multiport ! --sports 1,2,3 -j ACCEPT
-A INPUT -p udp -m multiport --ports 53,5353 -j ACCEPT
-A INPUT -p tcp -m multiport --dports 1,2,3,4,5,6,7,8,9,10,11,12,13,14,15 -j ACCEPT
-A INPUT -m conntrack --ctstate INVALID,NEW,UNTRACKED -j DROP
-A INPUT -m conntrack ! --ctstate NEW -j DROP
-A INPUT -m conntrack --ctstate DNAT --ctorigdst 10.0.0.1 -j ACCEPT
-A INPUT -m conntrack --ctproto 6 --ctorigdstport 80 -j ACCEPT
-A INPUT -m conntrack --ctstatus ASSURED -j ACCEPT
-A INPUT -m state --state RELATED,ESTABLISHED -j ACCEPT
-A INPUT -m state ! --state INVALID -j ACCEPT
-A INPUT -m addrtype --src-type LOCAL,BROADCAST -j ACCEPT
-A INPUT -m addrtype ! --dst-type LOCAL --limit-iface-in -j ACCEPT
-A INPUT -m mark --mark 0x1/0xff -j ACCEPT
-A INPUT -m mark ! --mark 0x5 -j ACCEPT
-A INPUT -m comment --comment "hello world" -j ACCEPT
-A INPUT -m comment --comment "quote\"d" -j ACCEPT
-A INPUT -m comment --comment "" -j ACCEPT
-A INPUT -m limit --limit 5/min --limit-burst 10 -j LOG
-A INPUT -m limit --limit 3/hour -j ACCEPT
-A INPUT -m limit --limit 100/sec -j ACCEPT
-A INPUT -m limit --limit 7/day -j ACCEPT
$ iptables -nvL
Chain INPUT (policy ACCEPT 0 packets, 0 bytes)
 pkts bytes target     prot opt in     out     source               destination         
    0     0 ACCEPT     tcp  --  *      *       0.0.0.0/0            0.0.0.0/0            multiport dports 80,443,8000:8080
    0     0 ACCEPT     tcp  --  *      *       0.0.0.0/0            0.0.0.0/0            multiport sports  !1,2,3
    0     0 ACCEPT     udp  --  *      *       0.0.0.0/0            0.0.0.0/0            multiport ports 53,5353
    0     0 ACCEPT     tcp  --  *      *       0.0.0.0/0            0.0.0.0/0            multiport dports 1,2,3,4,5,6,7,8,9,10,11,12,13,14,15
    0     0 DROP       all  --  *      *       0.0.0.0/0            0.0.0.0/0            ctstate INVALID,NEW,UNTRACKED
    0     0 DROP       all  --  *      *       0.0.0.0/0            0.0.0.0/0            ! ctstate NEW
    0     0 ACCEPT     all  --  *      *       0.0.0.0/0            0.0.0.0/0            ctstate DNAT ctorigdst 10.0.0.1
    0     0 ACCEPT     all  --  *      *       0.0.0.0/0            0.0.0.0/0            ctproto 6 ctorigdstport 80
    0     0 ACCEPT     all  --  *      *       0.0.0.0/0            0.0.0.0/0            ctstatus ASSURED
    0     0 ACCEPT     all  --  *      *       0.0.0.0/0            0.0.0.0/0            state RELATED,ESTABLISHED
    0     0 ACCEPT     all  --  *      *       0.0.0.0/0            0.0.0.0/0            ! state INVALID
    0     0 ACCEPT     all  --  *      *       0.0.0.0/0            0.0.0.0/0            ADDRTYPE match src-type LOCAL,BROADCAST
    0     0 ACCEPT     all  --  *      *       0.0.0.0/0            0.0.0.0/0            ADDRTYPE match dst-type !LOCAL limit-in
    0     0 ACCEPT     all  --  *      *       0.0.0.0/0            0.0.0.0/0            mark match 0x1/0xff
    0     0 ACCEPT     all  --  *      *       0.0.0.0/0            0.0.0.0/0            mark match ! 0x5
    0     0 ACCEPT     all  --  *      *       0.0.0.0/0            0.0.0.0/0            /* hello world */
    0     0 ACCEPT     all  --  *      *       0.0.0.0/0            0.0.0.0/0            /* quote"d */
    0     0 ACCEPT     all  --  *      *       0.0.0.0/0            0.0.0.0/0            /*  */
    0     0 LOG        all  --  *      *       0.0.0.0/0            0.0.0.0/0            limit: avg 5/min burst 10 LOG flags 0 level 4
    0     0 ACCEPT     all  --  *      *       0.0.0.0/0            0.0.0.0/0            limit: avg 3/hour burst 5
    0     0 ACCEPT     all  --  *      *       0.0.0.0/0            0.0.0.0/0            limit: avg 100/sec burst 5
    0     0 ACCEPT     all  --  *      *       0.0.0.0/0            0.0.0.0/0            limit: avg 7/day burst 5

Chain FORWARD (policy ACCEPT 0 packets, 0 bytes)
 pkts bytes target     prot opt in     out     source               destination         

Chain OUTPUT (policy ACCEPT 0 packets, 0 bytes)
 pkts bytes target     prot opt in     out     source               destination         
$ iptables -L
Chain INPUT (policy ACCEPT)
target     prot opt source               destination         
ACCEPT     tcp  --  anywhere             anywhere             multiport dports http,https,8000:http-alt
ACCEPT     tcp  --  anywhere             anywhere             multiport sports  !tcpmux,2,3
ACCEPT     udp  --  anywhere             anywhere             multiport ports domain,mdns
ACCEPT     tcp  --  anywhere             anywhere             multiport dports tcpmux,2,3,4,5,6,echo,8,discard,10,systat,12,daytime,14,netstat
DROP       all  --  anywhere             anywhere             ctstate INVALID,NEW,UNTRACKED
DROP       all  --  anywhere             anywhere             ! ctstate NEW
ACCEPT     all  --  anywhere             anywhere             ctstate DNAT ctorigdst 10.0.0.1
ACCEPT     all  --  anywhere             anywhere             ctproto 6 ctorigdstport 80
ACCEPT     all  --  anywhere             anywhere             ctstatus ASSURED
ACCEPT     all  --  anywhere             anywhere             state RELATED,ESTABLISHED
ACCEPT     all  --  anywhere             anywhere             ! state INVALID
ACCEPT     all  --  anywhere             anywhere             ADDRTYPE match src-type LOCAL,BROADCAST
ACCEPT     all  --  anywhere             anywhere             ADDRTYPE match dst-type !LOCAL limit-in
ACCEPT     all  --  anywhere             anywhere             mark match 0x1/0xff
ACCEPT     all  --  anywhere             anywhere             mark match ! 0x5
ACCEPT     all  --  anywhere             anywhere             /* hello world */
ACCEPT     all  --  anywhere             anywhere             /* quote"d */
ACCEPT     all  --  anywhere             anywhere             /*  */
LOG        all  --  anywhere             anywhere             limit: avg 5/min burst 10 LOG level warn
ACCEPT     all  --  anywhere             anywhere             limit: avg 3/hour burst 5
ACCEPT     all  --  anywhere             anywhere             limit: avg 100/sec burst 5
ACCEPT     all  --  anywhere             anywhere             limit: avg 7/day burst 5

Chain FORWARD (policy ACCEPT)
target     prot opt source               destination         

Chain OUTPUT (policy ACCEPT)
target     prot opt source               destination         
$ iptables-save
# Generated by iptables-save v1.8.7 on Fri Nov 17 09:10:00 2023
*filter
:INPUT ACCEPT [0:0]
:FORWARD ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
-A INPUT -p tcp -m multiport --dports 80,443,8000:8080 -j ACCEPT
-A INPUT -p tcp -m multiport ! --sports 1,2,3 -j ACCEPT
-A INPUT -p udp -m multiport --ports 53,5353 -j ACCEPT
-A INPUT -p tcp -m multiport --dports 1,2,3,4,5,6,7,8,9,10,11,12,13,14,15 -j ACCEPT
-A INPUT -m conntrack --ctstate INVALID,NEW,UNTRACKED -j DROP
-A INPUT -m conntrack ! --ctstate NEW -j DROP
-A INPUT -m conntrack --ctstate DNAT --ctorigdst 10.0.0.1 -j ACCEPT
-A INPUT -m conntrack --ctproto 6 --ctorigdstport 80 -j ACCEPT
-A INPUT -m conntrack --ctstatus ASSURED -j ACCEPT
-A INPUT -m state --state RELATED,ESTABLISHED -j ACCEPT
-A INPUT -m state ! --state INVALID -j ACCEPT
-A INPUT -m addrtype --src-type LOCAL,BROADCAST -j ACCEPT
-A INPUT -m addrtype ! --dst-type LOCAL --limit-iface-in -j ACCEPT
-A INPUT -m mark --mark 0x1/0xff -j ACCEPT
-A INPUT -m mark ! --mark 0x5 -j ACCEPT
-A INPUT -m comment --comment "hello world" -j ACCEPT
-A INPUT -m comment --comment "quote\"d" -j ACCEPT
-A INPUT -m comment --comment "" -j ACCEPT
-A INPUT -m limit --limit 5/min --limit-burst 10 -j LOG
-A INPUT -m limit --limit 3/hour -j ACCEPT
-A INPUT -m limit --limit 100/sec -j ACCEPT
-A INPUT -m limit --limit 7/day -j ACCEPT
COMMIT
# Completed on Fri Nov 17 09:10:00 2023
=== unknown extensions
$ iptables -A INPUT -m nosuchmatch -j ACCEPT
stderr: iptables v1.8.7 (legacy): Couldn't load match `nosuchmatch':No such file or directory
stderr: 
stderr: Try `iptables -h' or 'iptables --help' for more information.
[exit 2]
$ iptables -A INPUT -j NOSUCHTARGET
stderr: iptables v1.8.7 (legacy): Couldn't load target `NOSUCHTARGET':No such file or directory
stderr: 
stderr: Try `iptables -h' or 'iptables --help' for more information.
[exit 2]
$ iptables -A INPUT -p udplite --dport 1 -j ACCEPT
stderr: iptables v1.8.7 (legacy): unknown option "--dport"
stderr: Try `iptables -h' or 'iptables --help' for more information.
[exit 2]
=== targets
$ iptables -A INPUT -j REJECT
$ iptables -A INPUT -p tcp -j REJECT --reject-with tcp-reset
$ iptables -A INPUT -j REJECT --reject-with tcp-reset
stderr: iptables: Invalid argument. Run `dmesg' for more information.
[exit 1]
$ iptables -A INPUT -j REJECT --reject-with icmp-net-unreachable
$ iptables -A INPUT -j REJECT --reject-with icmp-host-unreachable
$ iptables -A INPUT -j REJECT --reject-with icmp-port-unreachable
$ iptables -A INPUT -j REJECT --reject-with icmp-proto-unreachable
$ iptables -A INPUT -j REJECT --reject-with icmp-net-prohibited
$ iptables -A INPUT -j REJECT --reject-with icmp-host-prohibited
$ iptables -A INPUT -j REJECT --reject-with icmp-admin-prohibited
$ iptables -A INPUT -j REJECT --reject-with host-unreach
$ iptables -A INPUT -j REJECT --reject-with tcp-rst
stderr: iptables: Invalid argument. Run `dmesg' for more information.
[exit 1]
$ iptables -A INPUT -j REJECT --reject-with bogus
stderr: iptables v1.8.7 (legacy): unknown reject type "bogus"
stderr: Try `iptables -h' or 'iptables --help' for more information.
[exit 2]
$ iptables -A INPUT -j LOG --log-prefix "IN: " --log-level 4
$ iptables -A INPUT -j LOG --log-level warning --log-tcp-sequence --log-tcp-options --log-ip-options --log-uid
$ iptables -A INPUT -j LOG --log-level debug
$ iptables -A INPUT -j LOG --log-level 9
stderr: iptables v1.8.7 (legacy): log level "9" unknown
stderr: 
stderr: Try `iptables -h' or 'iptables --help' for more information.
[exit 2]
$ iptables -A INPUT -j LOG --log-prefix "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
$ iptables -A INPUT -j LOG --log-macdecode
$ iptables -N USER
$ iptables -A INPUT -g USER
$ iptables -A INPUT -j USER
$ iptables -A INPUT -g ACCEPT
stderr: iptables v1.8.7 (legacy): goto 'ACCEPT' is not a chain
stderr: Try `iptables -h' or 'iptables --help' for more information.
[exit 2]
$ iptables -A USER -j RETURN
$ iptables -t mangle -A PREROUTING -j MARK --set-mark 0x10/0xff
$ iptables -t mangle -A PREROUTING -j MARK --set-xmark 5
$ iptables -t mangle -A PREROUTING -j MARK --and-mark 0xf0
$ iptables -t mangle -A PREROUTING -j MARK --or-mark 0xf0
$ iptables -t mangle -A PREROUTING -j MARK --xor-mark 0xf0
$ iptables -t mangle -A PREROUTING -j MARK
stderr: iptables v1.8.7 (legacy): MARK: One of the --set-xmark, --{and,or,xor,set}-mark options is required
stderr: Try `iptables -h' or 'iptables --help' for more information.
[exit 2]
$ iptables -t mangle -A PREROUTING -j CONNMARK --save-mark
$ iptables -t mangle -A PREROUTING -j CONNMARK --restore-mark --mask 0xff
$ iptables -t mangle -A PREROUTING -j CONNMARK --set-mark 1
$ iptables -t mangle -A PREROUTING -m connmark --mark 1 -j ACCEPT
$ iptables -t nat -A PREROUTING -p tcp --dport 80 -j DNAT --to-destination 10.0.0.1-10.0.0.5:80-90
$ iptables -t nat -A PREROUTING -p tcp --dport 81 -j DNAT --to 10.0.0.1
$ iptables -t nat -A PREROUTING -p tcp --dport 82 -j DNAT --to-destination 10.0.0.1 --random
$ iptables -t nat -A PREROUTING -j DNAT --to-destination 10.0.0.1:80
stderr: iptables v1.8.7 (legacy): Need TCP, UDP, SCTP or DCCP with port specification
stderr: Try `iptables -h' or 'iptables --help' for more information.
[exit 2]
$ iptables -t nat -A PREROUTING -j DNAT
stderr: iptables v1.8.7 (legacy): DNAT: option "--to-destination" must be specified
stderr: 
stderr: Try `iptables -h' or 'iptables --help' for more information.
[exit 2]
$ iptables -t nat -A POSTROUTING -j SNAT --to-source 1.2.3.4 --persistent
$ iptables -t nat -A POSTROUTING -o eth0 -j MASQUERADE --to-ports 1000-2000
stderr: iptables v1.8.7 (legacy): Need TCP, UDP, SCTP or DCCP with port specification
stderr: Try `iptables -h' or 'iptables --help' for more information.
[exit 2]
$ iptables -t nat -A POSTROUTING -p tcp -o eth0 -j MASQUERADE --to-ports 1000-2000 --random
$ iptables -t nat -A PREROUTING -p tcp -j REDIRECT --to-ports 8080
$ iptables -t nat -A PREROUTING -j REDIRECT
$ iptables -t raw -A PREROUTING -j CT --notrack
$ iptables -t raw -A OUTPUT -j TRACE
$ iptables -S
-P INPUT ACCEPT
-P FORWARD ACCEPT
-P OUTPUT ACCEPT
-N USER
-A INPUT -j REJECT --reject-with icmp-port-unreachable
-A INPUT -p tcp -j REJECT --reject-with tcp-reset
-A INPUT -j REJECT --reject-with icmp-net-unreachable
-A INPUT -j REJECT --reject-with icmp-host-unreachable
-A INPUT -j REJECT --reject-with icmp-port-unreachable
-A INPUT -j REJECT --reject-with icmp-proto-unreachable
-A INPUT -j REJECT --reject-with icmp-net-prohibited
-A INPUT -j REJECT --reject-with icmp-host-prohibited
-A INPUT -j REJECT --reject-with icmp-admin-prohibited
-A INPUT -j REJECT --reject-with icmp-host-unreachable
-A INPUT -j LOG --log-prefix "IN: "
-A INPUT -j LOG --log-tcp-sequence --log-tcp-options --log-ip-options --log-uid
-A INPUT -j LOG --log-level 7
-A INPUT -j LOG --log-prefix aaaaaaaaaaaaaaaaaaaaaaaaaaaaa
-A INPUT -j LOG --log-macdecode
-A INPUT -g USER
-A INPUT -j USER
-A USER -j RETURN
$ iptables -nvL
Chain INPUT (policy ACCEPT 0 packets, 0 bytes)
 pkts bytes target     prot opt in     out     source               destination         
    0     0 REJECT     all  --  *      *       0.0.0.0/0            0.0.0.0/0            reject-with icmp-port-unreachable
    0     0 REJECT     tcp  --  *      *       0.0.0.0/0            0.0.0.0/0            reject-with tcp-reset
    0     0 REJECT     all  --  *      *       0.0.0.0/0            0.0.0.0/0            reject-with icmp-net-unreachable
    0     0 REJECT     all  --  *      *       0.0.0.0/0            0.0.0.0/0            reject-with icmp-host-unreachable
    0     0 REJECT     all  --  *      *       0.0.0.0/0            0.0.0.0/0            reject-with icmp-port-unreachable
    0     0 REJECT     all  --  *      *       0.0.0.0/0            0.0.0.0/0            reject-with icmp-proto-unreachable
    0     0 REJECT     all  --  *      *       0.0.0.0/0            0.0.0.0/0            reject-with icmp-net-prohibited
    0     0 REJECT     all  --  *      *       0.0.0.0/0            0.0.0.0/0            reject-with icmp-host-prohibited
    0     0 REJECT     all  --  *      *       0.0.0.0/0            0.0.0.0/0            reject-with icmp-admin-prohibited
    0     0 REJECT     all  --  *      *       0.0.0.0/0            0.0.0.0/0            reject-with icmp-host-unreachable
    0     0 LOG        all  --  *      *       0.0.0.0/0            0.0.0.0/0            LOG flags 0 level 4 prefix "IN: "
    0     0 LOG        all  --  *      *       0.0.0.0/0            0.0.0.0/0            LOG flags 15 level 4
    0     0 LOG        all  --  *      *       0.0.0.0/0            0.0.0.0/0            LOG flags 0 level 7
    0     0 LOG        all  --  *      *       0.0.0.0/0            0.0.0.0/0            LOG flags 0 level 4 prefix "aaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
    0     0 LOG        all  --  *      *       0.0.0.0/0            0.0.0.0/0            LOG flags 32 level 4
    0     0 USER       all  --  *      *       0.0.0.0/0            0.0.0.0/0           [goto] 
    0     0 USER       all  --  *      *       0.0.0.0/0            0.0.0.0/0           

Chain FORWARD (policy ACCEPT 0 packets, 0 bytes)
 pkts bytes target     prot opt in     out     source               destination         

Chain OUTPUT (policy ACCEPT 0 packets, 0 bytes)
 pkts bytes target     prot opt in     out     source               destination         

Chain USER (2 references)
 pkts bytes target     prot opt in     out     source               destination         
    0     0 RETURN     all  --  *      *       0.0.0.0/0            0.0.0.0/0           
$ iptables -t mangle -S
-P PREROUTING ACCEPT
-P INPUT ACCEPT
-P FORWARD ACCEPT
-P OUTPUT ACCEPT
-P POSTROUTING ACCEPT
-A PREROUTING -j MARK --set-xmark 0x10/0xff
-A PREROUTING -j MARK --set-xmark 0x5/0xffffffff
-A PREROUTING -j MARK --set-xmark 0x0/0xffffff0f
-A PREROUTING -j MARK --set-xmark 0xf0/0xf0
-A PREROUTING -j MARK --set-xmark 0xf0/0x0
-A PREROUTING -j CONNMARK --save-mark --nfmask 0xffffffff --ctmask 0xffffffff
-A PREROUTING -j CONNMARK --restore-mark --nfmask 0xff --ctmask 0xff
-A PREROUTING -j CONNMARK --set-xmark 0x1/0xffffffff
-A PREROUTING -m connmark --mark 0x1 -j ACCEPT
$ iptables -t nat -S
-P PREROUTING ACCEPT
-P INPUT ACCEPT
-P OUTPUT ACCEPT
-P POSTROUTING ACCEPT
-A PREROUTING -p tcp -m tcp --dport 80 -j DNAT --to-destination 10.0.0.1-10.0.0.5:80-90
-A PREROUTING -p tcp -m tcp --dport 81 -j DNAT --to-destination 10.0.0.1
-A PREROUTING -p tcp -m tcp --dport 82 -j DNAT --to-destination 10.0.0.1 --random
-A PREROUTING -p tcp -j REDIRECT --to-ports 8080
-A PREROUTING -j REDIRECT
-A POSTROUTING -j SNAT --to-source 1.2.3.4 --persistent
-A POSTROUTING -o eth0 -p tcp -j MASQUERADE --to-ports 1000-2000 --random
$ iptables -t nat -nL
Chain PREROUTING (policy ACCEPT)
target     prot opt source               destination         
DNAT       tcp  --  0.0.0.0/0            0.0.0.0/0            tcp dpt:80 to:10.0.0.1-10.0.0.5:80-90
DNAT       tcp  --  0.0.0.0/0            0.0.0.0/0            tcp dpt:81 to:10.0.0.1
DNAT       tcp  --  0.0.0.0/0            0.0.0.0/0            tcp dpt:82 to:10.0.0.1 random
REDIRECT   tcp  --  0.0.0.0/0            0.0.0.0/0            redir ports 8080
REDIRECT   all  --  0.0.0.0/0            0.0.0.0/0           

Chain INPUT (policy ACCEPT)
target     prot opt source               destination         

Chain OUTPUT (policy ACCEPT)
target     prot opt source               destination         

Chain POSTROUTING (policy ACCEPT)
target     prot opt source               destination         
SNAT       all  --  0.0.0.0/0            0.0.0.0/0            to:1.2.3.4 persistent
MASQUERADE  tcp  --  0.0.0.0/0            0.0.0.0/0            masq ports: 1000-2000 random
$ iptables -t raw -S
-P PREROUTING ACCEPT
-P OUTPUT ACCEPT
-A PREROUTING -j CT --notrack
-A OUTPUT -j TRACE
$ iptables-save
# Generated by iptables-save v1.8.7 on Fri Nov 17 09:10:00 2023
*raw
:PREROUTING ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
-A PREROUTING -j CT --notrack
-A OUTPUT -j TRACE
COMMIT
# Completed on Fri Nov 17 09:10:00 2023
# Generated by iptables-save v1.8.7 on Fri Nov 17 09:10:00 2023
*nat
:PREROUTING ACCEPT [0:0]
:INPUT ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
:POSTROUTING ACCEPT [0:0]
-A PREROUTING -p tcp -m tcp --dport 80 -j DNAT --to-destination 10.0.0.1-10.0.0.5:80-90
-A PREROUTING -p tcp -m tcp --dport 81 -j DNAT --to-destination 10.0.0.1
-A PREROUTING -p tcp -m tcp --dport 82 -j DNAT --to-destination 10.0.0.1 --random
-A PREROUTING -p tcp -j REDIRECT --to-ports 8080
-A PREROUTING -j REDIRECT
-A POSTROUTING -j SNAT --to-source 1.2.3.4 --persistent
-A POSTROUTING -o eth0 -p tcp -j MASQUERADE --to-ports 1000-2000 --random
COMMIT
# Completed on Fri Nov 17 09:10:00 2023
# Generated by iptables-save v1.8.7 on Fri Nov 17 09:10:00 2023
*mangle
:PREROUTING ACCEPT [0:0]
:INPUT ACCEPT [0:0]
:FORWARD ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
:POSTROUTING ACCEPT [0:0]
-A PREROUTING -j MARK --set-xmark 0x10/0xff
-A PREROUTING -j MARK --set-xmark 0x5/0xffffffff
-A PREROUTING -j MARK --set-xmark 0x0/0xffffff0f
-A PREROUTING -j MARK --set-xmark 0xf0/0xf0
-A PREROUTING -j MARK --set-xmark 0xf0/0x0
-A PREROUTING -j CONNMARK --save-mark --nfmask 0xffffffff --ctmask 0xffffffff
-A PREROUTING -j CONNMARK --restore-mark --nfmask 0xff --ctmask 0xff
-A PREROUTING -j CONNMARK --set-xmark 0x1/0xffffffff
-A PREROUTING -m connmark --mark 0x1 -j ACCEPT
COMMIT
# Completed on Fri Nov 17 09:10:00 2023
# Generated by iptables-save v1.8.7 on Fri Nov 17 09:10:00 2023
*filter
:INPUT ACCEPT [0:0]
:FORWARD ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
:USER - [0:0]
-A INPUT -j REJECT --reject-with icmp-port-unreachable
-A INPUT -p tcp -j REJECT --reject-with tcp-reset
-A INPUT -j REJECT --reject-with icmp-net-unreachable
-A INPUT -j REJECT --reject-with icmp-host-unreachable
-A INPUT -j REJECT --reject-with icmp-port-unreachable
-A INPUT -j REJECT --reject-with icmp-proto-unreachable
-A INPUT -j REJECT --reject-with icmp-net-prohibited
-A INPUT -j REJECT --reject-with icmp-host-prohibited
-A INPUT -j REJECT --reject-with icmp-admin-prohibited
-A INPUT -j REJECT --reject-with icmp-host-unreachable
-A INPUT -j LOG --log-prefix "IN: "
-A INPUT -j LOG --log-tcp-sequence --log-tcp-options --log-ip-options --log-uid
-A INPUT -j LOG --log-level 7
-A INPUT -j LOG --log-prefix aaaaaaaaaaaaaaaaaaaaaaaaaaaaa
-A INPUT -j LOG --log-macdecode
-A INPUT -g USER
-A INPUT -j USER
-A USER -j RETURN
COMMIT
# Completed on Fri Nov 17 09:10:00 2023
=== chain ops
$ iptables -N A
$ iptables -N B
$ iptables -A A -j B
$ iptables -A INPUT -j A
$ iptables -X B
stderr: iptables: Too many links.
[exit 1]
$ iptables -X A
stderr: iptables: Too many links.
[exit 1]
$ iptables -E A C
$ iptables -E A C
stderr: iptables: File exists.
[exit 1]
$ iptables -E C INPUT
stderr: iptables: File exists.
[exit 1]
$ iptables -E C B
stderr: iptables: File exists.
[exit 1]
$ iptables -E INPUT FOO
stderr: iptables: No chain/target/match by that name.
[exit 1]
$ iptables -S
-P INPUT ACCEPT
-P FORWARD ACCEPT
-P OUTPUT ACCEPT
-N B
-N C
-A INPUT -j C
-A C -j B
$ iptables -F C
$ iptables -X C
stderr: iptables: Too many links.
[exit 1]
$ iptables -D INPUT -j C
$ iptables -X C
$ iptables -X
$ iptables -N this-is-a-very-long-chain-name-x
stderr: iptables v1.8.7 (legacy): chain name `this-is-a-very-long-chain-name-x' too long (must be under 29 chars)
stderr: Try `iptables -h' or 'iptables --help' for more information.
[exit 2]
$ iptables -N this-is-a-very-long-chain-name
stderr: iptables v1.8.7 (legacy): chain name `this-is-a-very-long-chain-name' too long (must be under 29 chars)
stderr: Try `iptables -h' or 'iptables --help' for more information.
[exit 2]
$ iptables -N ACCEPT
stderr: iptables v1.8.7 (legacy): chain name may not clash with target name
stderr: Try `iptables -h' or 'iptables --help' for more information.
[exit 2]
$ iptables -N -foo
stderr: iptables v1.8.7 (legacy): chain name not allowed to start with `-'
stderr: Try `iptables -h' or 'iptables --help' for more information.
[exit 2]
$ iptables -N "a b"
stderr: iptables v1.8.7 (legacy): Invalid chain name `a b'
stderr: Try `iptables -h' or 'iptables --help' for more information.
[exit 2]
$ iptables -N 1
$ iptables -N !x
stderr: iptables v1.8.7 (legacy): chain name not allowed to start with `!'
stderr: Try `iptables -h' or 'iptables --help' for more information.
[exit 2]
$ iptables -N a/b
$ iptables -S
-P INPUT ACCEPT
-P FORWARD ACCEPT
-P OUTPUT ACCEPT
-N 1
-N a/b
$ iptables -P INPUT DROP
$ iptables -P INPUT RETURN
stderr: iptables: Bad policy name. Run `dmesg' for more information.
[exit 1]
$ iptables -P INPUT accept
stderr: iptables: Bad policy name. Run `dmesg' for more information.
[exit 1]
$ iptables -P INPUT
stderr: iptables v1.8.7 (legacy): -P requires a chain and a policy
stderr: Try `iptables -h' or 'iptables --help' for more information.
[exit 2]
$ iptables -P B DROP
stderr: iptables: Bad built-in chain name.
[exit 1]
$ iptables -P NOPE DROP
stderr: iptables: Bad built-in chain name.
[exit 1]
$ iptables -t nat -P PREROUTING DROP
stderr: iptables v1.8.7 (legacy): 
stderr: The "nat" table is not intended for filtering, the use of DROP is therefore inhibited.
stderr: 
stderr: 
stderr: Try `iptables -h' or 'iptables --help' for more information.
[exit 2]
$ iptables -S
-P INPUT DROP
-P FORWARD ACCEPT
-P OUTPUT ACCEPT
-N 1
-N a/b
$ iptables -Z INPUT
$ iptables -Z NOPE
stderr: iptables: No chain/target/match by that name.
[exit 1]
$ iptables -Z INPUT 1
stderr: iptables: Index of counter too big.
[exit 1]
$ iptables -Z INPUT 5
stderr: iptables: Index of counter too big.
[exit 1]
$ iptables -L -Z
Chain INPUT (policy DROP)
target     prot opt source               destination         

Chain FORWARD (policy ACCEPT)
target     prot opt source               destination         

Chain OUTPUT (policy ACCEPT)
target     prot opt source               destination         

Chain 1 (0 references)
target     prot opt source               destination         

Chain a/b (0 references)
target     prot opt source               destination         
$ iptables -F -Z
stderr: iptables v1.8.7 (legacy): Cannot use -Z with -F
stderr: Try `iptables -h' or 'iptables --help' for more information.
[exit 2]
$ iptables -L INPUT 1
$ iptables -S INPUT 1
$ iptables -S INPUT 0
stderr: iptables v1.8.7 (legacy): Invalid rule number `0'
stderr: Try `iptables -h' or 'iptables --help' for more information.
[exit 2]
$ iptables -S INPUT 9
$ iptables -L NOPE
stderr: iptables: No chain/target/match by that name.
[exit 1]
$ iptables -S NOPE
stderr: iptables: No chain/target/match by that name.
[exit 1]
$ iptables -X INPUT
stderr: iptables: Invalid argument. Run `dmesg' for more information.
[exit 1]
$ iptables -F
$ iptables -X
=== numbering
$ iptables -A INPUT -s 1.1.1.1
$ iptables -A INPUT -s 2.2.2.2
$ iptables -A INPUT -s 3.3.3.3
$ iptables -I INPUT -s 0.0.0.1
$ iptables -I INPUT 4 -s 0.0.0.4
$ iptables -I INPUT 6 -s 0.0.0.6
$ iptables -I INPUT 7 -s 0.0.0.7
$ iptables -I INPUT 0 -s 0.0.0.0
stderr: iptables v1.8.7 (legacy): Invalid rule number `0'
stderr: Try `iptables -h' or 'iptables --help' for more information.
[exit 2]
$ iptables -I INPUT -1 -s 0.0.0.0
stderr: iptables v1.8.7 (legacy): unknown option "-1"
stderr: Try `iptables -h' or 'iptables --help' for more information.
[exit 2]
$ iptables -I INPUT x -s 0.0.0.0
stderr: iptables v1.8.7 (legacy): Invalid rule number `x'
stderr: Try `iptables -h' or 'iptables --help' for more information.
[exit 2]
$ iptables -R INPUT 1 -s 9.9.9.9 -j DROP
$ iptables -R INPUT 0 -s 9.9.9.9
stderr: iptables v1.8.7 (legacy): Invalid rule number `0'
stderr: Try `iptables -h' or 'iptables --help' for more information.
[exit 2]
$ iptables -R INPUT
stderr: iptables v1.8.7 (legacy): -R requires a rule number
stderr: Try `iptables -h' or 'iptables --help' for more information.
[exit 2]
$ iptables -D INPUT 0
stderr: iptables v1.8.7 (legacy): Invalid rule number `0'
stderr: Try `iptables -h' or 'iptables --help' for more information.
[exit 2]
$ iptables -D INPUT 1 -s 1.1.1.1
stderr: iptables v1.8.7 (legacy): Illegal option `-s' with this command
stderr: Try `iptables -h' or 'iptables --help' for more information.
[exit 2]
$ iptables -D INPUT -s 2.2.2.2
$ iptables -D INPUT -s 2.2.2.2
stderr: iptables: Bad rule (does a matching rule exist in that chain?).
[exit 1]
$ iptables -C INPUT -s 3.3.3.3
$ iptables -C INPUT -s 3.3.3.4
stderr: iptables: Bad rule (does a matching rule exist in that chain?).
[exit 1]
$ iptables -C INPUT 1
stderr: Bad argument `1'
stderr: Try `iptables -h' or 'iptables --help' for more information.
[exit 2]
$ iptables -C INPUT -s 3.3.3.3 -j DROP
stderr: iptables: Bad rule (does a matching rule exist in that chain?).
[exit 1]
$ iptables -L --line-numbers
Chain INPUT (policy ACCEPT)
num  target     prot opt source               destination         
1    DROP       all  --  9.9.9.9              anywhere            
2               all  --  1.1.1.1              anywhere            
3               all  --  0.0.0.4              anywhere            
4               all  --  3.3.3.3              anywhere            
5               all  --  0.0.0.6              anywhere            
6               all  --  0.0.0.7              anywhere            

Chain FORWARD (policy ACCEPT)
num  target     prot opt source               destination         

Chain OUTPUT (policy ACCEPT)
num  target     prot opt source               destination         
$ iptables -L INPUT 2 -n
           all  --  1.1.1.1              0.0.0.0/0           
$ iptables -L INPUT 2 -v
    0     0            all  --  any    any     1.1.1.1              anywhere            
$ iptables -L INPUT 0
stderr: iptables v1.8.7 (legacy): Invalid rule number `0'
stderr: Try `iptables -h' or 'iptables --help' for more information.
[exit 2]
$ iptables -L INPUT 99
$ iptables -D INPUT 99
stderr: iptables: Index of deletion too big.
[exit 1]
$ iptables -A INPUT -s 1.2.3.4 -c 10 20
$ iptables -A INPUT -s 1.2.3.4 -c 1000000 2000000000
$ iptables -A INPUT -s 1.2.3.4 -c 99999 99999
$ iptables -A INPUT -s 1.2.3.4 -c 100000 100000
$ iptables -A INPUT -s 1.2.3.4 -c 9999999999 99999999999999
$ iptables -A INPUT -s 1.2.3.4 -c x 1
stderr: iptables v1.8.7 (legacy): -c packet counter not numeric
stderr: Try `iptables -h' or 'iptables --help' for more information.
[exit 2]
$ iptables -A INPUT -s 1.2.3.4 -c 1
stderr: iptables v1.8.7 (legacy): -c requires packet and byte counter
stderr: Try `iptables -h' or 'iptables --help' for more information.
[exit 2]
$ iptables -I INPUT 1 -c 5 6 -j ACCEPT
$ iptables -nvL
Chain INPUT (policy ACCEPT 0 packets, 0 bytes)
 pkts bytes target     prot opt in     out     source               destination         
    5     6 ACCEPT     all  --  *      *       0.0.0.0/0            0.0.0.0/0           
    0     0 DROP       all  --  *      *       9.9.9.9              0.0.0.0/0           
    0     0            all  --  *      *       1.1.1.1              0.0.0.0/0           
    0     0            all  --  *      *       0.0.0.4              0.0.0.0/0           
    0     0            all  --  *      *       3.3.3.3              0.0.0.0/0           
    0     0            all  --  *      *       0.0.0.6              0.0.0.0/0           
    0     0            all  --  *      *       0.0.0.7              0.0.0.0/0           
   10    20            all  --  *      *       1.2.3.4              0.0.0.0/0           
1000K 2000M            all  --  *      *       1.2.3.4              0.0.0.0/0           
99999 99999            all  --  *      *       1.2.3.4              0.0.0.0/0           
 100K  100K            all  --  *      *       1.2.3.4              0.0.0.0/0           
  10G  100T            all  --  *      *       1.2.3.4              0.0.0.0/0           

Chain FORWARD (policy ACCEPT 0 packets, 0 bytes)
 pkts bytes target     prot opt in     out     source               destination         

Chain OUTPUT (policy ACCEPT 0 packets, 0 bytes)
 pkts bytes target     prot opt in     out     source               destination         
$ iptables -nvxL
Chain INPUT (policy ACCEPT 0 packets, 0 bytes)
    pkts      bytes target     prot opt in     out     source               destination         
       5        6 ACCEPT     all  --  *      *       0.0.0.0/0            0.0.0.0/0           
       0        0 DROP       all  --  *      *       9.9.9.9              0.0.0.0/0           
       0        0            all  --  *      *       1.1.1.1              0.0.0.0/0           
       0        0            all  --  *      *       0.0.0.4              0.0.0.0/0           
       0        0            all  --  *      *       3.3.3.3              0.0.0.0/0           
       0        0            all  --  *      *       0.0.0.6              0.0.0.0/0           
       0        0            all  --  *      *       0.0.0.7              0.0.0.0/0           
      10       20            all  --  *      *       1.2.3.4              0.0.0.0/0           
 1000000 2000000000            all  --  *      *       1.2.3.4              0.0.0.0/0           
   99999    99999            all  --  *      *       1.2.3.4              0.0.0.0/0           
  100000   100000            all  --  *      *       1.2.3.4              0.0.0.0/0           
9999999999 99999999999999            all  --  *      *       1.2.3.4              0.0.0.0/0           

Chain FORWARD (policy ACCEPT 0 packets, 0 bytes)
    pkts      bytes target     prot opt in     out     source               destination         

Chain OUTPUT (policy ACCEPT 0 packets, 0 bytes)
    pkts      bytes target     prot opt in     out     source               destination         
$ iptables -S -v
-P INPUT ACCEPT -c 0 0
-P FORWARD ACCEPT -c 0 0
-P OUTPUT ACCEPT -c 0 0
-A INPUT -c 5 6 -j ACCEPT
-A INPUT -s 9.9.9.9/32 -c 0 0 -j DROP
-A INPUT -s 1.1.1.1/32 -c 0 0
-A INPUT -s 0.0.0.4/32 -c 0 0
-A INPUT -s 3.3.3.3/32 -c 0 0
-A INPUT -s 0.0.0.6/32 -c 0 0
-A INPUT -s 0.0.0.7/32 -c 0 0
-A INPUT -s 1.2.3.4/32 -c 10 20
-A INPUT -s 1.2.3.4/32 -c 1000000 2000000000
-A INPUT -s 1.2.3.4/32 -c 99999 99999
-A INPUT -s 1.2.3.4/32 -c 100000 100000
-A INPUT -s 1.2.3.4/32 -c 9999999999 99999999999999
$ iptables-save -c
# Generated by iptables-save v1.8.7 on Fri Nov 17 09:10:00 2023
*filter
:INPUT ACCEPT [0:0]
:FORWARD ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
[5:6] -A INPUT -j ACCEPT
[0:0] -A INPUT -s 9.9.9.9/32 -j DROP
[0:0] -A INPUT -s 1.1.1.1/32
[0:0] -A INPUT -s 0.0.0.4/32
[0:0] -A INPUT -s 3.3.3.3/32
[0:0] -A INPUT -s 0.0.0.6/32
[0:0] -A INPUT -s 0.0.0.7/32
[10:20] -A INPUT -s 1.2.3.4/32
[1000000:2000000000] -A INPUT -s 1.2.3.4/32
[99999:99999] -A INPUT -s 1.2.3.4/32
[100000:100000] -A INPUT -s 1.2.3.4/32
[9999999999:99999999999999] -A INPUT -s 1.2.3.4/32
COMMIT
# Completed on Fri Nov 17 09:10:00 2023
$ iptables -Z INPUT 2
$ iptables -nvL INPUT
Chain INPUT (policy ACCEPT 0 packets, 0 bytes)
 pkts bytes target     prot opt in     out     source               destination         
    5     6 ACCEPT     all  --  *      *       0.0.0.0/0            0.0.0.0/0           
    0     0 DROP       all  --  *      *       9.9.9.9              0.0.0.0/0           
    0     0            all  --  *      *       1.1.1.1              0.0.0.0/0           
    0     0            all  --  *      *       0.0.0.4              0.0.0.0/0           
    0     0            all  --  *      *       3.3.3.3              0.0.0.0/0           
    0     0            all  --  *      *       0.0.0.6              0.0.0.0/0           
    0     0            all  --  *      *       0.0.0.7              0.0.0.0/0           
   10    20            all  --  *      *       1.2.3.4              0.0.0.0/0           
1000K 2000M            all  --  *      *       1.2.3.4              0.0.0.0/0           
99999 99999            all  --  *      *       1.2.3.4              0.0.0.0/0           
 100K  100K            all  --  *      *       1.2.3.4              0.0.0.0/0           
  10G  100T            all  --  *      *       1.2.3.4              0.0.0.0/0           
$ iptables -Z
$ iptables -nvL
Chain INPUT (policy ACCEPT 0 packets, 0 bytes)
 pkts bytes target     prot opt in     out     source               destination         
    0     0 ACCEPT     all  --  *      *       0.0.0.0/0            0.0.0.0/0           
    0     0 DROP       all  --  *      *       9.9.9.9              0.0.0.0/0           
    0     0            all  --  *      *       1.1.1.1              0.0.0.0/0           
    0     0            all  --  *      *       0.0.0.4              0.0.0.0/0           
    0     0            all  --  *      *       3.3.3.3              0.0.0.0/0           
    0     0            all  --  *      *       0.0.0.6              0.0.0.0/0           
    0     0            all  --  *      *       0.0.0.7              0.0.0.0/0           
    0     0            all  --  *      *       1.2.3.4              0.0.0.0/0           
    0     0            all  --  *      *       1.2.3.4              0.0.0.0/0           
    0     0            all  --  *      *       1.2.3.4              0.0.0.0/0           
    0     0            all  --  *      *       1.2.3.4              0.0.0.0/0           
    0     0            all  --  *      *       1.2.3.4              0.0.0.0/0           

Chain FORWARD (policy ACCEPT 0 packets, 0 bytes)
 pkts bytes target     prot opt in     out     source               destination         

Chain OUTPUT (policy ACCEPT 0 packets, 0 bytes)
 pkts bytes target     prot opt in     out     source               destination         
$ iptables -R INPUT 1 -c 7 8 -j DROP
$ iptables -nvL
Chain INPUT (policy ACCEPT 0 packets, 0 bytes)
 pkts bytes target     prot opt in     out     source               destination         
    7     8 DROP       all  --  *      *       0.0.0.0/0            0.0.0.0/0           
    0     0 DROP       all  --  *      *       9.9.9.9              0.0.0.0/0           
    0     0            all  --  *      *       1.1.1.1              0.0.0.0/0           
    0     0            all  --  *      *       0.0.0.4              0.0.0.0/0           
    0     0            all  --  *      *       3.3.3.3              0.0.0.0/0           
    0     0            all  --  *      *       0.0.0.6              0.0.0.0/0           
    0     0            all  --  *      *       0.0.0.7              0.0.0.0/0           
    0     0            all  --  *      *       1.2.3.4              0.0.0.0/0           
    0     0            all  --  *      *       1.2.3.4              0.0.0.0/0           
    0     0            all  --  *      *       1.2.3.4              0.0.0.0/0           
    0     0            all  --  *      *       1.2.3.4              0.0.0.0/0           
    0     0            all  --  *      *       1.2.3.4              0.0.0.0/0           

Chain FORWARD (policy ACCEPT 0 packets, 0 bytes)
 pkts bytes target     prot opt in     out     source               destination         

Chain OUTPUT (policy ACCEPT 0 packets, 0 bytes)
 pkts bytes target     prot opt in     out     source               destination         
=== hosts and addresses
$ iptables -A INPUT -s localhost -j ACCEPT
$ iptables -A INPUT -d 127.0.0.1/8 -j ACCEPT
$ iptables -A INPUT -s 10.0.0.1/33 -j ACCEPT
stderr: iptables v1.8.7 (legacy): invalid mask `33' specified
stderr: Try `iptables -h' or 'iptables --help' for more information.
[exit 2]
$ iptables -A INPUT -s 10.0.0.1/255.0.255.0 -j ACCEPT
$ iptables -A INPUT -s 300.1.1.1 -j ACCEPT
stderr: iptables v1.8.7 (legacy): host/network `300.1.1.1' not found
stderr: Try `iptables -h' or 'iptables --help' for more information.
[exit 2]
$ iptables -A INPUT -s 10.1 -j ACCEPT
$ iptables -A INPUT -s 10.1.2 -j ACCEPT
$ iptables -A INPUT -s 0/0 -j ACCEPT
$ iptables -A INPUT -s 10.0.0.1,10.0.0.2 -j ACCEPT
$ iptables -A INPUT -d 10.0.0.0/24,192.168.0.0/16 -j ACCEPT
$ iptables -D INPUT -s 10.0.0.1,10.0.0.2 -j ACCEPT
$ iptables -A INPUT -i eth0 -i eth1 -j ACCEPT
stderr: iptables v1.8.7 (legacy): multiple -i flags not allowed
stderr: Try `iptables -h' or 'iptables --help' for more information.
[exit 2]
$ iptables -A INPUT -i abcdefghijklmnopq -j ACCEPT
stderr: iptables v1.8.7 (legacy): interface name `abcdefghijklmnopq' must be shorter than IFNAMSIZ (15)
stderr: Try `iptables -h' or 'iptables --help' for more information.
[exit 2]
$ iptables -A INPUT -i abcdefghijklmno -j ACCEPT
$ iptables -A OUTPUT -i eth0 -j ACCEPT
stderr: iptables v1.8.7 (legacy): Can't use -i with OUTPUT
stderr: 
stderr: Try `iptables -h' or 'iptables --help' for more information.
[exit 2]
$ iptables -A INPUT -o eth0 -j ACCEPT
stderr: iptables v1.8.7 (legacy): Can't use -o with INPUT
stderr: 
stderr: Try `iptables -h' or 'iptables --help' for more information.
[exit 2]
$ iptables -A INPUT ! -s 10.0.0.0/8 ! -d 10.0.0.0/8 ! -p tcp -j ACCEPT
$ iptables -A INPUT -f -j DROP
$ iptables -A INPUT ! -f -j DROP
$ iptables -S
-P INPUT ACCEPT
-P FORWARD ACCEPT
-P OUTPUT ACCEPT
-A INPUT -s 127.0.0.1/32 -j ACCEPT
-A INPUT -d 127.0.0.0/8 -j ACCEPT
-A INPUT -s 10.0.0.0/255.0.255.0 -j ACCEPT
-A INPUT -s 10.1.0.0/32 -j ACCEPT
-A INPUT -s 10.1.2.0/32 -j ACCEPT
-A INPUT -j ACCEPT
-A INPUT -d 10.0.0.0/24 -j ACCEPT
-A INPUT -d 192.168.0.0/16 -j ACCEPT
-A INPUT -i abcdefghijklmno -j ACCEPT
-A INPUT ! -s 10.0.0.0/8 ! -d 10.0.0.0/8 ! -p tcp -j ACCEPT
-A INPUT -f -j DROP
-A INPUT ! -f -j DROP
$ iptables -L
Chain INPUT (policy ACCEPT)
target     prot opt source               destination         
ACCEPT     all  --  localhost            anywhere            
ACCEPT     all  --  anywhere             loopback/8          
ACCEPT     all  --  10.0.0.0/255.0.255.0  anywhere            
ACCEPT     all  --  10.1.0.0             anywhere            
ACCEPT     all  --  10.1.2.0             anywhere            
ACCEPT     all  --  anywhere             anywhere            
ACCEPT     all  --  anywhere             10.0.0.0/24         
ACCEPT     all  --  anywhere             192.168.0.0/16      
ACCEPT     all  --  anywhere             anywhere            
ACCEPT    !tcp  -- !10.0.0.0/8          !10.0.0.0/8          
DROP       all  -f  anywhere             anywhere            
DROP       all  !f  anywhere             anywhere            

Chain FORWARD (policy ACCEPT)
target     prot opt source               destination         

Chain OUTPUT (policy ACCEPT)
target     prot opt source               destination         
$ iptables -L -v
Chain INPUT (policy ACCEPT 0 packets, 0 bytes)
 pkts bytes target     prot opt in     out     source               destination         
    0     0 ACCEPT     all  --  any    any     localhost            anywhere            
    0     0 ACCEPT     all  --  any    any     anywhere             loopback/8          
    0     0 ACCEPT     all  --  any    any     10.0.0.0/255.0.255.0  anywhere            
    0     0 ACCEPT     all  --  any    any     10.1.0.0             anywhere            
    0     0 ACCEPT     all  --  any    any     10.1.2.0             anywhere            
    0     0 ACCEPT     all  --  any    any     anywhere             anywhere            
    0     0 ACCEPT     all  --  any    any     anywhere             10.0.0.0/24         
    0     0 ACCEPT     all  --  any    any     anywhere             192.168.0.0/16      
    0     0 ACCEPT     all  --  abcdefghijklmno any     anywhere             anywhere            
    0     0 ACCEPT    !tcp  --  any    any    !10.0.0.0/8          !10.0.0.0/8          
    0     0 DROP       all  -f  any    any     anywhere             anywhere            
    0     0 DROP       all  !f  any    any     anywhere             anywhere            

Chain FORWARD (policy ACCEPT 0 packets, 0 bytes)
 pkts bytes target     prot opt in     out     source               destination         

Chain OUTPUT (policy ACCEPT 0 packets, 0 bytes)
 pkts bytes target     prot opt in     out     source               destination         
$ iptables -nL
Chain INPUT (policy ACCEPT)
target     prot opt source               destination         
ACCEPT     all  --  127.0.0.1            0.0.0.0/0           
ACCEPT     all  --  0.0.0.0/0            127.0.0.0/8         
ACCEPT     all  --  10.0.0.0/255.0.255.0  0.0.0.0/0           
ACCEPT     all  --  10.1.0.0             0.0.0.0/0           
ACCEPT     all  --  10.1.2.0             0.0.0.0/0           
ACCEPT     all  --  0.0.0.0/0            0.0.0.0/0           
ACCEPT     all  --  0.0.0.0/0            10.0.0.0/24         
ACCEPT     all  --  0.0.0.0/0            192.168.0.0/16      
ACCEPT     all  --  0.0.0.0/0            0.0.0.0/0           
ACCEPT    !tcp  -- !10.0.0.0/8          !10.0.0.0/8          
DROP       all  -f  0.0.0.0/0            0.0.0.0/0           
DROP       all  !f  0.0.0.0/0            0.0.0.0/0           

Chain FORWARD (policy ACCEPT)
target     prot opt source               destination         

Chain OUTPUT (policy ACCEPT)
target     prot opt source               destination         
=== restore
$ iptables-restore --test <<EOF
*filter
-A INPUT -j ACCEPT
COMMIT
EOF
$ iptables-save
# Generated by iptables-save v1.8.7 on Fri Nov 17 09:10:00 2023
*filter
:INPUT ACCEPT [0:0]
:FORWARD ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
COMMIT
# Completed on Fri Nov 17 09:10:00 2023
$ iptables-restore <<EOF
*filter
-A INPUT -j ACCEPT
EOF
stderr: iptables-restore: COMMIT expected at line 3
[exit 1]
$ iptables-restore <<EOF
*filter
:INPUT DROP [5:6]
-A INPUT -j ACCEPT
-A INPUT -j BOGUS
COMMIT
EOF
stderr: iptables-restore v1.8.7 (legacy): Couldn't load target `BOGUS':No such file or directory
stderr: 
stderr: Error occurred at line: 4
stderr: Try `iptables-restore -h' or 'iptables-restore --help' for more information.
[exit 2]
$ iptables-restore <<EOF
*filter
-A INPUT -s 1.1.1.1 -j ACCEPT
COMMIT
*nat
-A PREROUTING -j FOO
COMMIT
EOF
stderr: iptables-restore v1.8.7 (legacy): Couldn't load target `FOO':No such file or directory
stderr: 
stderr: Error occurred at line: 5
stderr: Try `iptables-restore -h' or 'iptables-restore --help' for more information.
[exit 2]
$ iptables-save
# Generated by iptables-save v1.8.7 on Fri Nov 17 09:10:00 2023
*nat
:PREROUTING ACCEPT [0:0]
:INPUT ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
:POSTROUTING ACCEPT [0:0]
COMMIT
# Completed on Fri Nov 17 09:10:00 2023
# Generated by iptables-save v1.8.7 on Fri Nov 17 09:10:00 2023
*filter
:INPUT ACCEPT [0:0]
:FORWARD ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
-A INPUT -s 1.1.1.1/32 -j ACCEPT
COMMIT
# Completed on Fri Nov 17 09:10:00 2023
$ iptables-restore --noflush <<EOF
*filter
-A INPUT -s 2.2.2.2 -j ACCEPT
COMMIT
EOF
$ iptables-restore -n <<EOF
*filter
:NEW - [0:0]
-I INPUT -s 3.3.3.3 -j NEW
COMMIT
EOF
$ iptables-save -t filter
# Generated by iptables-save v1.8.7 on Fri Nov 17 09:10:00 2023
*filter
:INPUT ACCEPT [0:0]
:FORWARD ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
:NEW - [0:0]
-A INPUT -s 3.3.3.3/32 -j NEW
-A INPUT -s 1.1.1.1/32 -j ACCEPT
-A INPUT -s 2.2.2.2/32 -j ACCEPT
COMMIT
# Completed on Fri Nov 17 09:10:00 2023
$ iptables-restore -c <<EOF
*filter
:INPUT ACCEPT [10:1000]
[3:300] -A INPUT -s 4.4.4.4 -j ACCEPT
COMMIT
EOF
$ iptables-save -c
# Generated by iptables-save v1.8.7 on Fri Nov 17 09:10:00 2023
*nat
:PREROUTING ACCEPT [0:0]
:INPUT ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
:POSTROUTING ACCEPT [0:0]
COMMIT
# Completed on Fri Nov 17 09:10:00 2023
# Generated by iptables-save v1.8.7 on Fri Nov 17 09:10:00 2023
*filter
:INPUT ACCEPT [10:1000]
:FORWARD ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
[3:300] -A INPUT -s 4.4.4.4/32 -j ACCEPT
COMMIT
# Completed on Fri Nov 17 09:10:00 2023
$ iptables-restore <<EOF
*filter
[3:300] -A INPUT -s 4.4.4.4 -j ACCEPT
COMMIT
EOF
$ iptables-save -c
# Generated by iptables-save v1.8.7 on Fri Nov 17 09:10:00 2023
*nat
:PREROUTING ACCEPT [0:0]
:INPUT ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
:POSTROUTING ACCEPT [0:0]
COMMIT
# Completed on Fri Nov 17 09:10:00 2023
# Generated by iptables-save v1.8.7 on Fri Nov 17 09:10:00 2023
*filter
:INPUT ACCEPT [0:0]
:FORWARD ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
[0:0] -A INPUT -s 4.4.4.4/32 -j ACCEPT
COMMIT
# Completed on Fri Nov 17 09:10:00 2023
$ iptables-restore <<EOF
*bogus
COMMIT
EOF
stderr: iptables-restore v1.8.7 (legacy): iptables-restore: unable to initialize table 'bogus'
stderr: Error occurred at line: 1
stderr: Try `iptables-restore -h' or 'iptables-restore --help' for more information.
[exit 2]
$ iptables-restore <<EOF
-A INPUT -j ACCEPT
EOF
stderr: iptables-restore: line 1 failed
[exit 1]
$ iptables-restore <<EOF
*filter
:INPUT BOGUS [0:0]
COMMIT
EOF
stderr: iptables-restore v1.8.7 (legacy): Can't set policy `BOGUS' on `INPUT' line 2: Bad policy name
[exit 1]
$ iptables-restore <<EOF
*filter
:FOO ACCEPT [0:0]
COMMIT
EOF
stderr: iptables-restore v1.8.7 (legacy): Can't set policy `ACCEPT' on `FOO' line 2: Bad built-in chain name
[exit 1]
$ iptables-restore <<EOF
*filter
-A INPUT --bogus
COMMIT
EOF
stderr: iptables-restore v1.8.7 (legacy): unknown option "--bogus"
stderr: Error occurred at line: 2
stderr: Try `iptables-restore -h' or 'iptables-restore --help' for more information.
[exit 2]
$ iptables-restore <<EOF
*filter
-A INPUT -p tcp --dport 99999 -j ACCEPT
COMMIT
EOF
stderr: iptables-restore v1.8.7 (legacy): invalid port/service `99999' specified
stderr: Error occurred at line: 2
stderr: Try `iptables-restore -h' or 'iptables-restore --help' for more information.
[exit 2]
$ iptables-restore <<EOF
# comment

*filter
-X
-F
-P INPUT DROP
-N X
-A X -j DROP
-E X Y
COMMIT
EOF
$ iptables-save
# Generated by iptables-save v1.8.7 on Fri Nov 17 09:10:00 2023
*nat
:PREROUTING ACCEPT [0:0]
:INPUT ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
:POSTROUTING ACCEPT [0:0]
COMMIT
# Completed on Fri Nov 17 09:10:00 2023
# Generated by iptables-save v1.8.7 on Fri Nov 17 09:10:00 2023
*filter
:INPUT DROP [0:0]
:FORWARD ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
:Y - [0:0]
-A Y -j DROP
COMMIT
# Completed on Fri Nov 17 09:10:00 2023
$ iptables-restore -t <<EOF
*filter
-A INPUT -j NOPE
COMMIT
EOF
stderr: iptables-restore v1.8.7 (legacy): Couldn't load target `NOPE':No such file or directory
stderr: 
stderr: Error occurred at line: 2
stderr: Try `iptables-restore -h' or 'iptables-restore --help' for more information.
[exit 2]
$ iptables-restore --table=nat <<EOF
*filter
-A INPUT -j ACCEPT
COMMIT
*nat
-A PREROUTING -j ACCEPT
COMMIT
EOF
$ iptables-save
# Generated by iptables-save v1.8.7 on Fri Nov 17 09:10:00 2023
*nat
:PREROUTING ACCEPT [0:0]
:INPUT ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
:POSTROUTING ACCEPT [0:0]
-A PREROUTING -j ACCEPT
COMMIT
# Completed on Fri Nov 17 09:10:00 2023
# Generated by iptables-save v1.8.7 on Fri Nov 17 09:10:00 2023
*filter
:INPUT DROP [0:0]
:FORWARD ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
:Y - [0:0]
-A Y -j DROP
COMMIT
# Completed on Fri Nov 17 09:10:00 2023
$ iptables-restore -v <<EOF
*filter
-A INPUT -j ACCEPT
COMMIT
EOF
Flushing chain `INPUT'
Flushing chain `FORWARD'
Flushing chain `OUTPUT'
Flushing chain `Y'
Deleting chain `Y'
ACCEPT  all opt -- in * out *  0.0.0.0/0  -> 0.0.0.0/0  
$ iptables-restore --bogus
stderr: iptables-restore: unrecognized option '--bogus'
stderr: Try `iptables-restore -h' for more information.
[exit 1]
$ iptables-restore /nonexistent
stderr: Can't open /nonexistent: No such file or directory
[exit 1]
$ iptables-save -t nosuch
stderr: iptables-save v1.8.7 (legacy): Cannot initialize: Table does not exist (do you need to insmod?)
[exit 1]
$ iptables-save -t raw
# Generated by iptables-save v1.8.7 on Fri Nov 17 09:10:00 2023
*raw
:PREROUTING ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
COMMIT
# Completed on Fri Nov 17 09:10:00 2023
$ iptables-save --bogus
stderr: iptables-save: unrecognized option '--bogus'
stderr: Look at manual page `iptables-save.8' for more information.
[exit 1]
$ iptables-save -M x
# Generated by iptables-save v1.8.7 on Fri Nov 17 09:10:00 2023
*raw
:PREROUTING ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
COMMIT
# Completed on Fri Nov 17 09:10:00 2023
# Generated by iptables-save v1.8.7 on Fri Nov 17 09:10:00 2023
*nat
:PREROUTING ACCEPT [0:0]
:INPUT ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
:POSTROUTING ACCEPT [0:0]
-A PREROUTING -j ACCEPT
COMMIT
# Completed on Fri Nov 17 09:10:00 2023
# Generated by iptables-save v1.8.7 on Fri Nov 17 09:10:00 2023
*filter
:INPUT DROP [0:0]
:FORWARD ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
-A INPUT -j ACCEPT
COMMIT
# Completed on Fri Nov 17 09:10:00 2023
=== extension options
$ iptables -t nat -A POSTROUTING -j MASQUERADE --random-fully
$ iptables -t nat -A POSTROUTING -j SNAT --to-source 1.2.3.4 --random-fully
$ iptables -t nat -A PREROUTING -j DNAT --to-destination 1.2.3.4 --persistent
$ iptables -t nat -A PREROUTING -p tcp -j REDIRECT --to-ports 80-90 --random
$ iptables -A INPUT -m conntrack --ctrepldst 1.2.3.4 --ctexpire 10:20 --ctdir ORIGINAL -j ACCEPT
$ iptables -A INPUT -m conntrack --ctreplsrc 1.2.3.0/24 --ctorigsrc 1.2.3.4 --ctorigsrcport 5 --ctreplsrcport 6 --ctrepldstport 7 -j ACCEPT
$ iptables -A INPUT -m conntrack --ctstatus SEEN_REPLY,CONFIRMED -j ACCEPT
$ iptables -A INPUT -m addrtype --src-type UNICAST --limit-iface-out -j ACCEPT
stderr: iptables: Invalid argument. Run `dmesg' for more information.
[exit 1]
$ iptables -A INPUT -m statistic --mode random --probability 0.25 -j ACCEPT
$ iptables -A INPUT -m statistic --mode nth --every 3 --packet 1 -j ACCEPT
$ iptables -A INPUT -m connmark --mark 0x1/0x1 -j ACCEPT
$ iptables -t mangle -A PREROUTING -j CONNMARK --save-mark --nfmask 0xff --ctmask 0xff
$ iptables -t mangle -A PREROUTING -j CONNMARK --restore-mark --nfmask 0xf --ctmask 0xf0
$ iptables -t mangle -A PREROUTING -j CONNMARK --set-xmark 0x1/0x3
$ iptables -t mangle -A PREROUTING -j CONNMARK --and-mark 3
$ iptables -A INPUT -m limit --limit 1/s -j ACCEPT
$ iptables -A INPUT -m limit --limit 0/s -j ACCEPT
stderr: iptables v1.8.7 (legacy): bad rate "0/s"'
stderr: Try `iptables -h' or 'iptables --help' for more information.
[exit 2]
$ iptables -A INPUT -m limit --limit-burst 0 -j ACCEPT
stderr: iptables: Numerical result out of range.
[exit 1]
$ iptables -A INPUT -p tcp -m tcp --sport 1 --dport 2 ! --tcp-flags SYN SYN --tcp-option 5 -j ACCEPT
$ iptables -A INPUT -p udp -m udp ! --sport 53 -j ACCEPT
$ iptables -A INPUT -p icmp -m icmp --icmp-type 8/0 -j ACCEPT
$ iptables -A INPUT -p icmp -m icmp --icmp-type echo-reply -j ACCEPT
$ iptables -A INPUT -p icmp -m icmp --icmp-type network-unreachable -j ACCEPT
$ iptables -A INPUT -p icmp -m icmp --icmp-type redirect -j ACCEPT
$ iptables -A INPUT -p icmp -m icmp --icmp-type 5 -j ACCEPT
$ iptables -A INPUT -p icmp -m icmp --icmp-type 11/1 -j ACCEPT
$ iptables -A INPUT -p icmp -m icmp --icmp-type 255 -j ACCEPT
$ iptables -A INPUT -m comment --comment "a" -m comment --comment "b" -j ACCEPT
$ iptables -t raw -A PREROUTING -p tcp -j CT --notrack
$ iptables -t raw -A PREROUTING -j CT
$ iptables -A OUTPUT -j LOG --log-prefix "x" --log-level alert
$ iptables -A OUTPUT -j LOG --log-level emerg
$ iptables -A OUTPUT -j LOG --log-level 7
$ iptables -A OUTPUT -j REJECT --reject-with icmp-port-unreach
$ iptables -A OUTPUT -j REJECT --reject-with net-prohib
$ iptables -S
-P INPUT ACCEPT
-P FORWARD ACCEPT
-P OUTPUT ACCEPT
-A INPUT -m conntrack --ctrepldst 1.2.3.4 --ctexpire 10:20 --ctdir ORIGINAL -j ACCEPT
-A INPUT -m conntrack --ctorigsrc 1.2.3.4 --ctreplsrc 1.2.3.0/24 --ctorigsrcport 5 --ctreplsrcport 6 --ctrepldstport 7 -j ACCEPT
-A INPUT -m conntrack --ctstatus SEEN_REPLY,CONFIRMED -j ACCEPT
-A INPUT -m statistic --mode random --probability 0.25000000000 -j ACCEPT
-A INPUT -m statistic --mode nth --every 3 --packet 1 -j ACCEPT
-A INPUT -m connmark --mark 0x1/0x1 -j ACCEPT
-A INPUT -m limit --limit 1/sec -j ACCEPT
-A INPUT -p tcp -m tcp --sport 1 --dport 2 --tcp-option 5 ! --tcp-flags SYN SYN -j ACCEPT
-A INPUT -p udp -m udp ! --sport 53 -j ACCEPT
-A INPUT -p icmp -m icmp --icmp-type 8/0 -j ACCEPT
-A INPUT -p icmp -m icmp --icmp-type 0 -j ACCEPT
-A INPUT -p icmp -m icmp --icmp-type 3/0 -j ACCEPT
-A INPUT -p icmp -m icmp --icmp-type 5 -j ACCEPT
-A INPUT -p icmp -m icmp --icmp-type 5 -j ACCEPT
-A INPUT -p icmp -m icmp --icmp-type 11/1 -j ACCEPT
-A INPUT -p icmp -m icmp --icmp-type any -j ACCEPT
-A INPUT -m comment --comment a -m comment --comment b -j ACCEPT
-A OUTPUT -j LOG --log-prefix x --log-level 1
-A OUTPUT -j LOG --log-level 0
-A OUTPUT -j LOG --log-level 7
-A OUTPUT -j REJECT --reject-with icmp-port-unreachable
-A OUTPUT -j REJECT --reject-with icmp-net-prohibited
$ iptables -L
Chain INPUT (policy ACCEPT)
target     prot opt source               destination         
ACCEPT     all  --  anywhere             anywhere             ctrepldst 1.2.3.4 ctexpire 10:20 ctdir ORIGINAL
ACCEPT     all  --  anywhere             anywhere             ctorigsrc 1.2.3.4 ctreplsrc 1.2.3.0/24 ctorigsrcport 5 ctreplsrcport 6 ctrepldstport 7
ACCEPT     all  --  anywhere             anywhere             ctstatus SEEN_REPLY,CONFIRMED
ACCEPT     all  --  anywhere             anywhere             statistic mode random probability 0.25000000000
ACCEPT     all  --  anywhere             anywhere             statistic mode nth every 3 packet 1
ACCEPT     all  --  anywhere             anywhere             connmark match  0x1/0x1
ACCEPT     all  --  anywhere             anywhere             limit: avg 1/sec burst 5
ACCEPT     tcp  --  anywhere             anywhere             tcp spt:tcpmux dpt:2 option=5 flags:!SYN/SYN
ACCEPT     udp  --  anywhere             anywhere             udp spt:!domain
ACCEPT     icmp --  anywhere             anywhere             icmptype 8 code 0
ACCEPT     icmp --  anywhere             anywhere             icmp echo-reply
ACCEPT     icmp --  anywhere             anywhere             icmp network-unreachable
ACCEPT     icmp --  anywhere             anywhere             icmp redirect
ACCEPT     icmp --  anywhere             anywhere             icmp redirect
ACCEPT     icmp --  anywhere             anywhere             icmp ttl-zero-during-reassembly
ACCEPT     icmp --  anywhere             anywhere             icmp any
ACCEPT     all  --  anywhere             anywhere             /* a */ /* b */

Chain FORWARD (policy ACCEPT)
target     prot opt source               destination         

Chain OUTPUT (policy ACCEPT)
target     prot opt source               destination         
LOG        all  --  anywhere             anywhere             LOG level alert prefix "x"
LOG        all  --  anywhere             anywhere             LOG level emerg
LOG        all  --  anywhere             anywhere             LOG level debug
REJECT     all  --  anywhere             anywhere             reject-with icmp-port-unreachable
REJECT     all  --  anywhere             anywhere             reject-with icmp-net-prohibited
$ iptables -nvL
Chain INPUT (policy ACCEPT 0 packets, 0 bytes)
 pkts bytes target     prot opt in     out     source               destination         
    0     0 ACCEPT     all  --  *      *       0.0.0.0/0            0.0.0.0/0            ctrepldst 1.2.3.4 ctexpire 10:20 ctdir ORIGINAL
    0     0 ACCEPT     all  --  *      *       0.0.0.0/0            0.0.0.0/0            ctorigsrc 1.2.3.4 ctreplsrc 1.2.3.0/24 ctorigsrcport 5 ctreplsrcport 6 ctrepldstport 7
    0     0 ACCEPT     all  --  *      *       0.0.0.0/0            0.0.0.0/0            ctstatus SEEN_REPLY,CONFIRMED
    0     0 ACCEPT     all  --  *      *       0.0.0.0/0            0.0.0.0/0            statistic mode random probability 0.25000000000
    0     0 ACCEPT     all  --  *      *       0.0.0.0/0            0.0.0.0/0            statistic mode nth every 3 packet 1
    0     0 ACCEPT     all  --  *      *       0.0.0.0/0            0.0.0.0/0            connmark match  0x1/0x1
    0     0 ACCEPT     all  --  *      *       0.0.0.0/0            0.0.0.0/0            limit: avg 1/sec burst 5
    0     0 ACCEPT     tcp  --  *      *       0.0.0.0/0            0.0.0.0/0            tcp spt:1 dpt:2 option=5 flags:!0x02/0x02
    0     0 ACCEPT     udp  --  *      *       0.0.0.0/0            0.0.0.0/0            udp spt:!53
    0     0 ACCEPT     icmp --  *      *       0.0.0.0/0            0.0.0.0/0            icmptype 8 code 0
    0     0 ACCEPT     icmp --  *      *       0.0.0.0/0            0.0.0.0/0            icmptype 0
    0     0 ACCEPT     icmp --  *      *       0.0.0.0/0            0.0.0.0/0            icmptype 3 code 0
    0     0 ACCEPT     icmp --  *      *       0.0.0.0/0            0.0.0.0/0            icmptype 5
    0     0 ACCEPT     icmp --  *      *       0.0.0.0/0            0.0.0.0/0            icmptype 5
    0     0 ACCEPT     icmp --  *      *       0.0.0.0/0            0.0.0.0/0            icmptype 11 code 1
    0     0 ACCEPT     icmp --  *      *       0.0.0.0/0            0.0.0.0/0            icmptype 255
    0     0 ACCEPT     all  --  *      *       0.0.0.0/0            0.0.0.0/0            /* a */ /* b */

Chain FORWARD (policy ACCEPT 0 packets, 0 bytes)
 pkts bytes target     prot opt in     out     source               destination         

Chain OUTPUT (policy ACCEPT 0 packets, 0 bytes)
 pkts bytes target     prot opt in     out     source               destination         
    0     0 LOG        all  --  *      *       0.0.0.0/0            0.0.0.0/0            LOG flags 0 level 1 prefix "x"
    0     0 LOG        all  --  *      *       0.0.0.0/0            0.0.0.0/0            LOG flags 0 level 0
    0     0 LOG        all  --  *      *       0.0.0.0/0            0.0.0.0/0            LOG flags 0 level 7
    0     0 REJECT     all  --  *      *       0.0.0.0/0            0.0.0.0/0            reject-with icmp-port-unreachable
    0     0 REJECT     all  --  *      *       0.0.0.0/0            0.0.0.0/0            reject-with icmp-net-prohibited
$ iptables -t nat -S
-P PREROUTING ACCEPT
-P INPUT ACCEPT
-P OUTPUT ACCEPT
-P POSTROUTING ACCEPT
-A PREROUTING -j DNAT --to-destination 1.2.3.4 --persistent
-A PREROUTING -p tcp -j REDIRECT --to-ports 80-90 --random
-A POSTROUTING -j MASQUERADE --random-fully
-A POSTROUTING -j SNAT --to-source 1.2.3.4 --random-fully
$ iptables -t nat -L
Chain PREROUTING (policy ACCEPT)
target     prot opt source               destination         
DNAT       all  --  anywhere             anywhere             to:1.2.3.4 persistent
REDIRECT   tcp  --  anywhere             anywhere             redir ports 80-90 random

Chain INPUT (policy ACCEPT)
target     prot opt source               destination         

Chain OUTPUT (policy ACCEPT)
target     prot opt source               destination         

Chain POSTROUTING (policy ACCEPT)
target     prot opt source               destination         
MASQUERADE  all  --  anywhere             anywhere             random-fully
SNAT       all  --  anywhere             anywhere             to:1.2.3.4 random-fully
$ iptables -t mangle -S
-P PREROUTING ACCEPT
-P INPUT ACCEPT
-P FORWARD ACCEPT
-P OUTPUT ACCEPT
-P POSTROUTING ACCEPT
-A PREROUTING -j CONNMARK --save-mark --nfmask 0xff --ctmask 0xff
-A PREROUTING -j CONNMARK --restore-mark --nfmask 0xf --ctmask 0xf0
-A PREROUTING -j CONNMARK --set-xmark 0x1/0x3
-A PREROUTING -j CONNMARK --set-xmark 0x0/0xfffffffc
$ iptables -t raw -L -n
Chain PREROUTING (policy ACCEPT)
target     prot opt source               destination         
CT         tcp  --  0.0.0.0/0            0.0.0.0/0            CT notrack
CT         all  --  0.0.0.0/0            0.0.0.0/0            CT

Chain OUTPUT (policy ACCEPT)
target     prot opt source               destination         
=== listing forms
$ iptables -N MYCHAIN
$ iptables -A INPUT -p tcp --dport 22 -j MYCHAIN
$ iptables -A MYCHAIN -s 192.168.1.0/24 -j ACCEPT -c 123456789 98765432109
$ iptables -A MYCHAIN -j DROP -c 1000 1024000
$ iptables -A INPUT -p udp --dport 53 -c 999 999999
$ iptables -A INPUT -p udp --dport 67:68 -c 99999 9999999
$ iptables -A INPUT -p tcp --sport 80 -c 100000 10000000
$ iptables -A INPUT -p tcp --dport 443 -c 1000000000000 1000000000000000
$ iptables -L
Chain INPUT (policy ACCEPT)
target     prot opt source               destination         
MYCHAIN    tcp  --  anywhere             anywhere             tcp dpt:ssh
           udp  --  anywhere             anywhere             udp dpt:domain
           udp  --  anywhere             anywhere             udp dpts:bootps:bootpc
           tcp  --  anywhere             anywhere             tcp spt:http
           tcp  --  anywhere             anywhere             tcp dpt:https

Chain FORWARD (policy ACCEPT)
target     prot opt source               destination         

Chain OUTPUT (policy ACCEPT)
target     prot opt source               destination         

Chain MYCHAIN (1 references)
target     prot opt source               destination         
ACCEPT     all  --  192.168.1.0/24       anywhere            
DROP       all  --  anywhere             anywhere            
$ iptables -L -v
Chain INPUT (policy ACCEPT 0 packets, 0 bytes)
 pkts bytes target     prot opt in     out     source               destination         
    0     0 MYCHAIN    tcp  --  any    any     anywhere             anywhere             tcp dpt:ssh
  999 1000K            udp  --  any    any     anywhere             anywhere             udp dpt:domain
99999   10M            udp  --  any    any     anywhere             anywhere             udp dpts:bootps:bootpc
 100K   10M            tcp  --  any    any     anywhere             anywhere             tcp spt:http
1000G 1000T            tcp  --  any    any     anywhere             anywhere             tcp dpt:https

Chain FORWARD (policy ACCEPT 0 packets, 0 bytes)
 pkts bytes target     prot opt in     out     source               destination         

Chain OUTPUT (policy ACCEPT 0 packets, 0 bytes)
 pkts bytes target     prot opt in     out     source               destination         

Chain MYCHAIN (1 references)
 pkts bytes target     prot opt in     out     source               destination         
 123M   99G ACCEPT     all  --  any    any     192.168.1.0/24       anywhere            
 1000 1024K DROP       all  --  any    any     anywhere             anywhere            
$ iptables -L -n -v
Chain INPUT (policy ACCEPT 0 packets, 0 bytes)
 pkts bytes target     prot opt in     out     source               destination         
    0     0 MYCHAIN    tcp  --  *      *       0.0.0.0/0            0.0.0.0/0            tcp dpt:22
  999 1000K            udp  --  *      *       0.0.0.0/0            0.0.0.0/0            udp dpt:53
99999   10M            udp  --  *      *       0.0.0.0/0            0.0.0.0/0            udp dpts:67:68
 100K   10M            tcp  --  *      *       0.0.0.0/0            0.0.0.0/0            tcp spt:80
1000G 1000T            tcp  --  *      *       0.0.0.0/0            0.0.0.0/0            tcp dpt:443

Chain FORWARD (policy ACCEPT 0 packets, 0 bytes)
 pkts bytes target     prot opt in     out     source               destination         

Chain OUTPUT (policy ACCEPT 0 packets, 0 bytes)
 pkts bytes target     prot opt in     out     source               destination         

Chain MYCHAIN (1 references)
 pkts bytes target     prot opt in     out     source               destination         
 123M   99G ACCEPT     all  --  *      *       192.168.1.0/24       0.0.0.0/0           
 1000 1024K DROP       all  --  *      *       0.0.0.0/0            0.0.0.0/0           
$ iptables -L -n -v -x
Chain INPUT (policy ACCEPT 0 packets, 0 bytes)
    pkts      bytes target     prot opt in     out     source               destination         
       0        0 MYCHAIN    tcp  --  *      *       0.0.0.0/0            0.0.0.0/0            tcp dpt:22
     999   999999            udp  --  *      *       0.0.0.0/0            0.0.0.0/0            udp dpt:53
   99999  9999999            udp  --  *      *       0.0.0.0/0            0.0.0.0/0            udp dpts:67:68
  100000 10000000            tcp  --  *      *       0.0.0.0/0            0.0.0.0/0            tcp spt:80
1000000000000 1000000000000000            tcp  --  *      *       0.0.0.0/0            0.0.0.0/0            tcp dpt:443

Chain FORWARD (policy ACCEPT 0 packets, 0 bytes)
    pkts      bytes target     prot opt in     out     source               destination         

Chain OUTPUT (policy ACCEPT 0 packets, 0 bytes)
    pkts      bytes target     prot opt in     out     source               destination         

Chain MYCHAIN (1 references)
    pkts      bytes target     prot opt in     out     source               destination         
123456789 98765432109 ACCEPT     all  --  *      *       192.168.1.0/24       0.0.0.0/0           
    1000  1024000 DROP       all  --  *      *       0.0.0.0/0            0.0.0.0/0           
$ iptables -L MYCHAIN -v
Chain MYCHAIN (1 references)
 pkts bytes target     prot opt in     out     source               destination         
 123M   99G ACCEPT     all  --  any    any     192.168.1.0/24       anywhere            
 1000 1024K DROP       all  --  any    any     anywhere             anywhere            
$ iptables -L MYCHAIN --line-numbers -n
Chain MYCHAIN (1 references)
num  target     prot opt source               destination         
1    ACCEPT     all  --  192.168.1.0/24       0.0.0.0/0           
2    DROP       all  --  0.0.0.0/0            0.0.0.0/0           
$ iptables -vL INPUT 2
  999 1000K            udp  --  any    any     anywhere             anywhere             udp dpt:domain
$ iptables -S MYCHAIN
-N MYCHAIN
-A MYCHAIN -s 192.168.1.0/24 -j ACCEPT
-A MYCHAIN -j DROP
$ iptables -S MYCHAIN 2
-A MYCHAIN -j DROP
$ iptables -S -v
-P INPUT ACCEPT -c 0 0
-P FORWARD ACCEPT -c 0 0
-P OUTPUT ACCEPT -c 0 0
-N MYCHAIN
-A INPUT -p tcp -m tcp --dport 22 -c 0 0 -j MYCHAIN
-A INPUT -p udp -m udp --dport 53 -c 999 999999
-A INPUT -p udp -m udp --dport 67:68 -c 99999 9999999
-A INPUT -p tcp -m tcp --sport 80 -c 100000 10000000
-A INPUT -p tcp -m tcp --dport 443 -c 1000000000000 1000000000000000
-A MYCHAIN -s 192.168.1.0/24 -c 123456789 98765432109 -j ACCEPT
-A MYCHAIN -c 1000 1024000 -j DROP
$ iptables -S MYCHAIN -v
-N MYCHAIN
-A MYCHAIN -s 192.168.1.0/24 -c 123456789 98765432109 -j ACCEPT
-A MYCHAIN -c 1000 1024000 -j DROP
$ iptables -v -S INPUT 1
-A INPUT -p tcp -m tcp --dport 22 -c 0 0 -j MYCHAIN
$ iptables -L -x
Chain INPUT (policy ACCEPT)
target     prot opt source               destination         
MYCHAIN    tcp  --  anywhere             anywhere             tcp dpt:ssh
           udp  --  anywhere             anywhere             udp dpt:domain
           udp  --  anywhere             anywhere             udp dpts:bootps:bootpc
           tcp  --  anywhere             anywhere             tcp spt:http
           tcp  --  anywhere             anywhere             tcp dpt:https

Chain FORWARD (policy ACCEPT)
target     prot opt source               destination         

Chain OUTPUT (policy ACCEPT)
target     prot opt source               destination         

Chain MYCHAIN (1 references)
target     prot opt source               destination         
ACCEPT     all  --  192.168.1.0/24       anywhere            
DROP       all  --  anywhere             anywhere            
$ iptables -nL --line-numbers -x -v
Chain INPUT (policy ACCEPT 0 packets, 0 bytes)
num      pkts      bytes target     prot opt in     out     source               destination         
1           0        0 MYCHAIN    tcp  --  *      *       0.0.0.0/0            0.0.0.0/0            tcp dpt:22
2         999   999999            udp  --  *      *       0.0.0.0/0            0.0.0.0/0            udp dpt:53
3       99999  9999999            udp  --  *      *       0.0.0.0/0            0.0.0.0/0            udp dpts:67:68
4      100000 10000000            tcp  --  *      *       0.0.0.0/0            0.0.0.0/0            tcp spt:80
5    1000000000000 1000000000000000            tcp  --  *      *       0.0.0.0/0            0.0.0.0/0            tcp dpt:443

Chain FORWARD (policy ACCEPT 0 packets, 0 bytes)
num      pkts      bytes target     prot opt in     out     source               destination         

Chain OUTPUT (policy ACCEPT 0 packets, 0 bytes)
num      pkts      bytes target     prot opt in     out     source               destination         

Chain MYCHAIN (1 references)
num      pkts      bytes target     prot opt in     out     source               destination         
1    123456789 98765432109 ACCEPT     all  --  *      *       192.168.1.0/24       0.0.0.0/0           
2        1000  1024000 DROP       all  --  *      *       0.0.0.0/0            0.0.0.0/0           
$ iptables-save -c
# Generated by iptables-save v1.8.7 on Fri Nov 17 09:10:00 2023
*filter
:INPUT ACCEPT [0:0]
:FORWARD ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
:MYCHAIN - [0:0]
[0:0] -A INPUT -p tcp -m tcp --dport 22 -j MYCHAIN
[999:999999] -A INPUT -p udp -m udp --dport 53
[99999:9999999] -A INPUT -p udp -m udp --dport 67:68
[100000:10000000] -A INPUT -p tcp -m tcp --sport 80
[1000000000000:1000000000000000] -A INPUT -p tcp -m tcp --dport 443
[123456789:98765432109] -A MYCHAIN -s 192.168.1.0/24 -j ACCEPT
[1000:1024000] -A MYCHAIN -j DROP
COMMIT
# Completed on Fri Nov 17 09:10:00 2023
$ iptables-save -t filter -c
# Generated by iptables-save v1.8.7 on Fri Nov 17 09:10:00 2023
*filter
:INPUT ACCEPT [0:0]
:FORWARD ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
:MYCHAIN - [0:0]
[0:0] -A INPUT -p tcp -m tcp --dport 22 -j MYCHAIN
[999:999999] -A INPUT -p udp -m udp --dport 53
[99999:9999999] -A INPUT -p udp -m udp --dport 67:68
[100000:10000000] -A INPUT -p tcp -m tcp --sport 80
[1000000000000:1000000000000000] -A INPUT -p tcp -m tcp --dport 443
[123456789:98765432109] -A MYCHAIN -s 192.168.1.0/24 -j ACCEPT
[1000:1024000] -A MYCHAIN -j DROP
COMMIT
# Completed on Fri Nov 17 09:10:00 2023
$ iptables-save --counters --table filter
# Generated by iptables-save v1.8.7 on Fri Nov 17 09:10:00 2023
*filter
:INPUT ACCEPT [0:0]
:FORWARD ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
:MYCHAIN - [0:0]
[0:0] -A INPUT -p tcp -m tcp --dport 22 -j MYCHAIN
[999:999999] -A INPUT -p udp -m udp --dport 53
[99999:9999999] -A INPUT -p udp -m udp --dport 67:68
[100000:10000000] -A INPUT -p tcp -m tcp --sport 80
[1000000000000:1000000000000000] -A INPUT -p tcp -m tcp --dport 443
[123456789:98765432109] -A MYCHAIN -s 192.168.1.0/24 -j ACCEPT
[1000:1024000] -A MYCHAIN -j DROP
COMMIT
# Completed on Fri Nov 17 09:10:00 2023
$ iptables -Z MYCHAIN
$ iptables -L -Z -v -n
Chain INPUT (policy ACCEPT 0 packets, 0 bytes)
 pkts bytes target     prot opt in     out     source               destination         
    0     0 MYCHAIN    tcp  --  *      *       0.0.0.0/0            0.0.0.0/0            tcp dpt:22
  999 1000K            udp  --  *      *       0.0.0.0/0            0.0.0.0/0            udp dpt:53
99999   10M            udp  --  *      *       0.0.0.0/0            0.0.0.0/0            udp dpts:67:68
 100K   10M            tcp  --  *      *       0.0.0.0/0            0.0.0.0/0            tcp spt:80
1000G 1000T            tcp  --  *      *       0.0.0.0/0            0.0.0.0/0            tcp dpt:443

Chain FORWARD (policy ACCEPT 0 packets, 0 bytes)
 pkts bytes target     prot opt in     out     source               destination         

Chain OUTPUT (policy ACCEPT 0 packets, 0 bytes)
 pkts bytes target     prot opt in     out     source               destination         

Chain MYCHAIN (1 references)
 pkts bytes target     prot opt in     out     source               destination         
    0     0 ACCEPT     all  --  *      *       192.168.1.0/24       0.0.0.0/0           
    0     0 DROP       all  --  *      *       0.0.0.0/0            0.0.0.0/0           
Zeroing chain `INPUT'
Zeroing chain `FORWARD'
Zeroing chain `OUTPUT'
Zeroing chain `MYCHAIN'
$ iptables -L -v -n
Chain INPUT (policy ACCEPT 0 packets, 0 bytes)
 pkts bytes target     prot opt in     out     source               destination         
    0     0 MYCHAIN    tcp  --  *      *       0.0.0.0/0            0.0.0.0/0            tcp dpt:22
    0     0            udp  --  *      *       0.0.0.0/0            0.0.0.0/0            udp dpt:53
    0     0            udp  --  *      *       0.0.0.0/0            0.0.0.0/0            udp dpts:67:68
    0     0            tcp  --  *      *       0.0.0.0/0            0.0.0.0/0            tcp spt:80
    0     0            tcp  --  *      *       0.0.0.0/0            0.0.0.0/0            tcp dpt:443

Chain FORWARD (policy ACCEPT 0 packets, 0 bytes)
 pkts bytes target     prot opt in     out     source               destination         

Chain OUTPUT (policy ACCEPT 0 packets, 0 bytes)
 pkts bytes target     prot opt in     out     source               destination         

Chain MYCHAIN (1 references)
 pkts bytes target     prot opt in     out     source               destination         
    0     0 ACCEPT     all  --  *      *       192.168.1.0/24       0.0.0.0/0           
    0     0 DROP       all  --  *      *       0.0.0.0/0            0.0.0.0/0           
$ iptables -nL -t nat
Chain PREROUTING (policy ACCEPT)
target     prot opt source               destination         

Chain INPUT (policy ACCEPT)
target     prot opt source               destination         

Chain OUTPUT (policy ACCEPT)
target     prot opt source               destination         

Chain POSTROUTING (policy ACCEPT)
target     prot opt source               destination         
$ iptables -L -n -t raw
Chain PREROUTING (policy ACCEPT)
target     prot opt source               destination         

Chain OUTPUT (policy ACCEPT)
target     prot opt source               destination         
$ iptables -t filter -L OUTPUT -n
Chain OUTPUT (policy ACCEPT)
target     prot opt source               destination         
$ iptables -L FORWARD -vn
Chain FORWARD (policy ACCEPT 0 packets, 0 bytes)
 pkts bytes target     prot opt in     out     source               destination         
$ iptables --list --numeric --verbose --exact --line-numbers
Chain INPUT (policy ACCEPT 0 packets, 0 bytes)
num      pkts      bytes target     prot opt in     out     source               destination         
1           0        0 MYCHAIN    tcp  --  *      *       0.0.0.0/0            0.0.0.0/0            tcp dpt:22
2           0        0            udp  --  *      *       0.0.0.0/0            0.0.0.0/0            udp dpt:53
3           0        0            udp  --  *      *       0.0.0.0/0            0.0.0.0/0            udp dpts:67:68
4           0        0            tcp  --  *      *       0.0.0.0/0            0.0.0.0/0            tcp spt:80
5           0        0            tcp  --  *      *       0.0.0.0/0            0.0.0.0/0            tcp dpt:443

Chain FORWARD (policy ACCEPT 0 packets, 0 bytes)
num      pkts      bytes target     prot opt in     out     source               destination         

Chain OUTPUT (policy ACCEPT 0 packets, 0 bytes)
num      pkts      bytes target     prot opt in     out     source               destination         

Chain MYCHAIN (1 references)
num      pkts      bytes target     prot opt in     out     source               destination         
1           0        0 ACCEPT     all  --  *      *       192.168.1.0/24       0.0.0.0/0           
2           0        0 DROP       all  --  *      *       0.0.0.0/0            0.0.0.0/0           
$ iptables --list-rules
-P INPUT ACCEPT
-P FORWARD ACCEPT
-P OUTPUT ACCEPT
-N MYCHAIN
-A INPUT -p tcp -m tcp --dport 22 -j MYCHAIN
-A INPUT -p udp -m udp --dport 53
-A INPUT -p udp -m udp --dport 67:68
-A INPUT -p tcp -m tcp --sport 80
-A INPUT -p tcp -m tcp --dport 443
-A MYCHAIN -s 192.168.1.0/24 -j ACCEPT
-A MYCHAIN -j DROP
$ iptables --list-rules INPUT
-P INPUT ACCEPT
-A INPUT -p tcp -m tcp --dport 22 -j MYCHAIN
-A INPUT -p udp -m udp --dport 53
-A INPUT -p udp -m udp --dport 67:68
-A INPUT -p tcp -m tcp --sport 80
-A INPUT -p tcp -m tcp --dport 443
$ iptables -nL INPUT -S
stderr: iptables v1.8.7 (legacy): Cannot use -S with -L
stderr: Try `iptables -h' or 'iptables --help' for more information.
[exit 2]
$ iptables -F MYCHAIN -v
Flushing chain `MYCHAIN'
$ iptables -A INPUT -v -s 1.1.1.1 -j ACCEPT
ACCEPT  all opt -- in * out *  1.1.1.1  -> 0.0.0.0/0  
$ iptables -D INPUT -v -s 1.1.1.1 -j ACCEPT
ACCEPT  all opt -- in * out *  1.1.1.1  -> 0.0.0.0/0  
$ iptables -I INPUT -v -p tcp --dport 80 -j ACCEPT
ACCEPT  tcp opt -- in * out *  0.0.0.0/0  -> 0.0.0.0/0   tcp dpt:80
$ iptables -N X -v
$ iptables -X X -v
Deleting chain `X'
$ iptables -P FORWARD DROP -v
$ iptables -Z -v
Zeroing chain `INPUT'
Zeroing chain `FORWARD'
Zeroing chain `OUTPUT'
Zeroing chain `MYCHAIN'
$ iptables -E MYCHAIN M2 -v
$ iptables -C INPUT -v -p tcp --dport 80 -j ACCEPT
ACCEPT  tcp opt -- in * out *  0.0.0.0/0  -> 0.0.0.0/0   tcp dpt:80
=== errors more
$ iptables -A INPUT -p tcp --dport 80 --dport 81 -j ACCEPT
stderr: iptables v1.8.7 (legacy): Only one `--destination-port' allowed
stderr: Try `iptables -h' or 'iptables --help' for more information.
[exit 2]
$ iptables -A INPUT --sport 80 -j ACCEPT
stderr: iptables v1.8.7 (legacy): unknown option "--sport"
stderr: Try `iptables -h' or 'iptables --help' for more information.
[exit 2]
$ iptables -A INPUT -p udp --syn -j ACCEPT
stderr: iptables v1.8.7 (legacy): unknown option "--syn"
stderr: Try `iptables -h' or 'iptables --help' for more information.
[exit 2]
$ iptables -A INPUT -p tcp --dport 0:99999 -j ACCEPT
stderr: iptables v1.8.7 (legacy): invalid port/service `99999' specified
stderr: Try `iptables -h' or 'iptables --help' for more information.
[exit 2]
$ iptables -A INPUT -p tcp --dport foo -j ACCEPT
stderr: iptables v1.8.7 (legacy): invalid port/service `foo' specified
stderr: Try `iptables -h' or 'iptables --help' for more information.
[exit 2]
$ iptables -A INPUT -p tcp --dport -1 -j ACCEPT
stderr: iptables v1.8.7 (legacy): invalid port/service `-1' specified
stderr: Try `iptables -h' or 'iptables --help' for more information.
[exit 2]
$ iptables -A INPUT -p tcp -m multiport --dports 1,2 --sports 3 -j ACCEPT
stderr: iptables v1.8.7 (legacy): multiport: option "--source-ports" cannot be used together with "--destination-ports".
stderr: 
stderr: Try `iptables -h' or 'iptables --help' for more information.
[exit 2]
$ iptables -A INPUT -m state -j ACCEPT
stderr: iptables v1.8.7 (legacy): state: option "--state" must be specified
stderr: 
stderr: Try `iptables -h' or 'iptables --help' for more information.
[exit 2]
$ iptables -A INPUT -m state --state FOO -j ACCEPT
stderr: iptables v1.8.7 (legacy): Bad state "FOO"
stderr: Try `iptables -h' or 'iptables --help' for more information.
[exit 2]
$ iptables -A INPUT -m conntrack -j ACCEPT
stderr: iptables v1.8.7 (legacy): conntrack: At least one option is required
stderr: Try `iptables -h' or 'iptables --help' for more information.
[exit 2]
$ iptables -A INPUT -m mark -j ACCEPT
stderr: iptables v1.8.7 (legacy): mark: option "--mark" must be specified
stderr: 
stderr: Try `iptables -h' or 'iptables --help' for more information.
[exit 2]
$ iptables -A INPUT -m mark --mark foo -j ACCEPT
stderr: iptables v1.8.7 (legacy): mark: bad integer value for option "--mark", or out of range.
stderr: 
stderr: Try `iptables -h' or 'iptables --help' for more information.
[exit 2]
$ iptables -A INPUT -m comment -j ACCEPT
stderr: iptables v1.8.7 (legacy): comment: option "--comment" must be specified
stderr: 
stderr: Try `iptables -h' or 'iptables --help' for more information.
[exit 2]
$ iptables -A INPUT -m comment --comment aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa -j ACCEPT
$ iptables -A INPUT -m addrtype -j ACCEPT
stderr: iptables v1.8.7 (legacy): addrtype: you must specify --src-type or --dst-type
stderr: Try `iptables -h' or 'iptables --help' for more information.
[exit 2]
$ iptables -A INPUT -j REJECT --reject-with
stderr: iptables v1.8.7 (legacy): option "--reject-with" requires an argument
stderr: Try `iptables -h' or 'iptables --help' for more information.
[exit 2]
$ iptables -A INPUT -j LOG --log-prefix
stderr: iptables v1.8.7 (legacy): option "--log-prefix" requires an argument
stderr: Try `iptables -h' or 'iptables --help' for more information.
[exit 2]
$ iptables -A INPUT -j MARK --set-mark 1
$ iptables -t mangle -A INPUT -j MARK --set-mark 1 --set-mark 2
stderr: iptables v1.8.7 (legacy): MARK: option "--set-mark" can only be used once.
stderr: 
stderr: Try `iptables -h' or 'iptables --help' for more information.
[exit 2]
$ iptables -t mangle -A INPUT -j MARK --set-mark foo
stderr: iptables v1.8.7 (legacy): MARK: bad integer value for option "--set-mark", or out of range.
stderr: 
stderr: Try `iptables -h' or 'iptables --help' for more information.
[exit 2]
$ iptables -t nat -A PREROUTING -j DNAT --to-destination foo
stderr: iptables v1.8.7 (legacy): Bad IP address "foo"
stderr: Try `iptables -h' or 'iptables --help' for more information.
[exit 2]
$ iptables -t nat -A PREROUTING -j DNAT --to-destination 1.2.3.4:80
stderr: iptables v1.8.7 (legacy): Need TCP, UDP, SCTP or DCCP with port specification
stderr: Try `iptables -h' or 'iptables --help' for more information.
[exit 2]
$ iptables -t nat -A PREROUTING -p tcp -j DNAT --to-destination 1.2.3.4:99999
stderr: iptables v1.8.7 (legacy): Port `99999' not valid
stderr: Try `iptables -h' or 'iptables --help' for more information.
[exit 2]
$ iptables -t nat -A OUTPUT -j SNAT --to-source 1.2.3.4
stderr: iptables: Invalid argument. Run `dmesg' for more information.
[exit 1]
$ iptables -t nat -A INPUT -j DNAT --to-destination 1.2.3.4
stderr: iptables: Invalid argument. Run `dmesg' for more information.
[exit 1]
$ iptables -t nat -A POSTROUTING -j REDIRECT
stderr: iptables: Invalid argument. Run `dmesg' for more information.
[exit 1]
$ iptables -t filter -A INPUT -j MASQUERADE
stderr: iptables: Invalid argument. Run `dmesg' for more information.
[exit 1]
$ iptables -t mangle -A INPUT -j REJECT
stderr: iptables: Invalid argument. Run `dmesg' for more information.
[exit 1]
$ iptables -t raw -A INPUT -j ACCEPT
stderr: iptables: No chain/target/match by that name.
[exit 1]
$ iptables -t raw -A PREROUTING -j CT --notrack --notrack
stderr: iptables v1.8.7 (legacy): CT: option "--notrack" can only be used once.
stderr: 
stderr: Try `iptables -h' or 'iptables --help' for more information.
[exit 2]
$ iptables -t nat -A PREROUTING -j DROP
stderr: iptables v1.8.7 (legacy): 
stderr: The "nat" table is not intended for filtering, the use of DROP is therefore inhibited.
stderr: 
stderr: 
stderr: Try `iptables -h' or 'iptables --help' for more information.
[exit 2]
$ iptables -t nat -P PREROUTING DROP
stderr: iptables v1.8.7 (legacy): 
stderr: The "nat" table is not intended for filtering, the use of DROP is therefore inhibited.
stderr: 
stderr: 
stderr: Try `iptables -h' or 'iptables --help' for more information.
[exit 2]
$ iptables -A INPUT -s 1.2.3.4/-1 -j ACCEPT
stderr: iptables v1.8.7 (legacy): invalid mask `-1' specified
stderr: Try `iptables -h' or 'iptables --help' for more information.
[exit 2]
$ iptables -A INPUT -s 1.2.3.4/ -j ACCEPT
stderr: iptables v1.8.7 (legacy): invalid mask `' specified
stderr: Try `iptables -h' or 'iptables --help' for more information.
[exit 2]
$ iptables -A INPUT -s / -j ACCEPT
stderr: iptables v1.8.7 (legacy): invalid mask `' specified
stderr: Try `iptables -h' or 'iptables --help' for more information.
[exit 2]
$ iptables -A INPUT -s nosuchhost.invalid -j ACCEPT
stderr: iptables v1.8.7 (legacy): host/network `nosuchhost.invalid' not found
stderr: Try `iptables -h' or 'iptables --help' for more information.
[exit 2]
$ iptables -A INPUT ! -j ACCEPT
stderr: iptables v1.8.7 (legacy): cannot have ! before -j
stderr: Try `iptables -h' or 'iptables --help' for more information.
[exit 2]
$ iptables -A INPUT -j ACCEPT extra
stderr: Bad argument `extra'
stderr: Try `iptables -h' or 'iptables --help' for more information.
[exit 2]
$ iptables -L INPUT FORWARD
stderr: iptables v1.8.7 (legacy): Invalid rule number `FORWARD'
stderr: Try `iptables -h' or 'iptables --help' for more information.
[exit 2]
$ iptables -L INPUT 1 2
stderr: Bad argument `2'
stderr: Try `iptables -h' or 'iptables --help' for more information.
[exit 2]
$ iptables -D INPUT
stderr: iptables: Bad rule (does a matching rule exist in that chain?).
[exit 1]
$ iptables -D INPUT 1 2
stderr: Bad argument `2'
stderr: Try `iptables -h' or 'iptables --help' for more information.
[exit 2]
$ iptables -I
stderr: iptables v1.8.7 (legacy): option "-I" requires an argument
stderr: Try `iptables -h' or 'iptables --help' for more information.
[exit 2]
$ iptables -N
stderr: iptables v1.8.7 (legacy): option "-N" requires an argument
stderr: Try `iptables -h' or 'iptables --help' for more information.
[exit 2]
$ iptables -E X
stderr: iptables v1.8.7 (legacy): -E requires old-chain-name and new-chain-name
stderr: Try `iptables -h' or 'iptables --help' for more information.
[exit 2]
$ iptables -P INPUT
stderr: iptables v1.8.7 (legacy): -P requires a chain and a policy
stderr: Try `iptables -h' or 'iptables --help' for more information.
[exit 2]
$ iptables -h -A
iptables v1.8.7 (legacy)

Usage: iptables -[ACD] chain rule-specification [options]
       iptables -I chain [rulenum] rule-specification [options]
       iptables -R chain rulenum rule-specification [options]
       iptables -D chain rulenum [options]
       iptables -[LS] [chain [rulenum]] [options]
       iptables -[FZ] [chain] [options]
       iptables -[NX] chain
       iptables -E old-chain-name new-chain-name
       iptables -P chain target [options]
       iptables -h (print this help information)

Commands:
Either long or short options are allowed.
  --append  -A chain		Append to chain
  --check   -C chain		Check for the existence of a rule
  --delete  -D chain		Delete matching rule from chain
  --delete  -D chain rulenum
				Delete rule rulenum (1 = first) from chain
  --insert  -I chain [rulenum]
				Insert in chain as rulenum (default 1=first)
  --replace -R chain rulenum
				Replace rule rulenum (1 = first) in chain
  --list    -L [chain [rulenum]]
				List the rules in a chain or all chains
  --list-rules -S [chain [rulenum]]
				Print the rules in a chain or all chains
  --flush   -F [chain]		Delete all rules in  chain or all chains
  --zero    -Z [chain [rulenum]]
				Zero counters in chain or all chains
  --new     -N chain		Create a new user-defined chain
  --delete-chain
            -X [chain]		Delete a user-defined chain
  --policy  -P chain target
				Change policy on chain to target
  --rename-chain
            -E old-chain new-chain
				Change chain name, (moving any references)

Options:
    --ipv4	-4		Nothing (line is ignored by ip6tables-restore)
    --ipv6	-6		Error (line is ignored by iptables-restore)
[!] --protocol	-p proto	protocol: by number or name, eg. `tcp'
[!] --source	-s address[/mask][...]
				source specification
[!] --destination -d address[/mask][...]
				destination specification
[!] --in-interface -i input name[+]
				network interface name ([+] for wildcard)
 --jump	-j target
				target for rule (may load target extension)
  --goto      -g chain
			       jump to chain with no return
  --match	-m match
				extended match (may load extension)
  --numeric	-n		numeric output of addresses and ports
[!] --out-interface -o output name[+]
				network interface name ([+] for wildcard)
  --table	-t table	table to manipulate (default: `filter')
  --verbose	-v		verbose mode
  --wait	-w [seconds]	maximum wait to acquire xtables lock before give up
  --line-numbers		print line numbers when listing
  --exact	-x		expand numbers (display exact values)
[!] --fragment	-f		match second or further fragments only
  --modprobe=<command>		try to insert modules using this command
  --set-counters -c PKTS BYTES	set the counter during insert/append
[!] --version	-V		print package version.
$ iptables -A INPUT -j ACCEPT -L
stderr: iptables v1.8.7 (legacy): Cannot use -L with -A
stderr: Try `iptables -h' or 'iptables --help' for more information.
[exit 2]
$ iptables -S -L
stderr: iptables v1.8.7 (legacy): Cannot use -L with -S
stderr: Try `iptables -h' or 'iptables --help' for more information.
[exit 2]
$ iptables -x -A INPUT -j ACCEPT
stderr: iptables v1.8.7 (legacy): Illegal option `-x' with this command
stderr: Try `iptables -h' or 'iptables --help' for more information.
[exit 2]
$ iptables -n -A INPUT -j ACCEPT
stderr: iptables v1.8.7 (legacy): Illegal option `-n' with this command
stderr: Try `iptables -h' or 'iptables --help' for more information.
[exit 2]
$ iptables --line-numbers -A INPUT -j ACCEPT
stderr: iptables v1.8.7 (legacy): Illegal option `-0' with this command
stderr: Try `iptables -h' or 'iptables --help' for more information.
[exit 2]
$ iptables -Z -v INPUT 1
stderr: Bad argument `INPUT'
stderr: Try `iptables -h' or 'iptables --help' for more information.
[exit 2]
$ iptables -A INPUT -p icmp --icmp-type echo-request --icmp-type echo-reply -j ACCEPT
stderr: iptables v1.8.7 (legacy): icmp: option "--icmp-type" can only be used once.
stderr: 
stderr: Try `iptables -h' or 'iptables --help' for more information.
[exit 2]
$ iptables -A INPUT -p 256 -j ACCEPT
stderr: iptables v1.8.7 (legacy): unknown protocol "256" specified
stderr: Try `iptables -h' or 'iptables --help' for more information.
[exit 2]
$ iptables -A INPUT -p foo -j ACCEPT
stderr: iptables v1.8.7 (legacy): unknown protocol "foo" specified
stderr: Try `iptables -h' or 'iptables --help' for more information.
[exit 2]
$ iptables -A INPUT -p tcp ! -p udp -j ACCEPT
stderr: iptables v1.8.7 (legacy): multiple -p flags not allowed
stderr: Try `iptables -h' or 'iptables --help' for more information.
[exit 2]
$ iptables -A INPUT -p tcp -m tcp -m tcp --dport 1 -j ACCEPT
$ iptables -A INPUT -p 0 --dport 1 -j ACCEPT
stderr: iptables v1.8.7 (legacy): unknown option "--dport"
stderr: Try `iptables -h' or 'iptables --help' for more information.
[exit 2]
$ iptables -A INPUT -p all -m tcp --dport 1 -j ACCEPT
stderr: iptables: Invalid argument. Run `dmesg' for more information.
[exit 1]
$ iptables -S
-P INPUT ACCEPT
-P FORWARD ACCEPT
-P OUTPUT ACCEPT
-A INPUT -m comment --comment aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa -j ACCEPT
-A INPUT -j MARK --set-xmark 0x1/0xffffffff
-A INPUT -p tcp -m tcp -m tcp --dport 1 -j ACCEPT
=== reject prefixes
$ iptables -A INPUT -j REJECT --reject-with ICMP-HOST
$ iptables -A INPUT -j REJECT --reject-with tcp
stderr: iptables: Invalid argument. Run `dmesg' for more information.
[exit 1]
$ iptables -A INPUT -j REJECT --reject-with ""
$ iptables -A INPUT -j REJECT --reject-with icmp
$ iptables -A INPUT -j REJECT --reject-with net-p
$ iptables -A INPUT -j REJECT --reject-with icmp-admin
$ iptables -A INPUT -j REJECT --reject-with Port-Unreach
$ iptables -A INPUT -p tcp -j REJECT --reject-with tcp-r
$ iptables -A INPUT -j REJECT --reject-with icmp-host-unreachablex
stderr: iptables v1.8.7 (legacy): unknown reject type "icmp-host-unreachablex"
stderr: Try `iptables -h' or 'iptables --help' for more information.
[exit 2]
$ iptables -S
-P INPUT ACCEPT
-P FORWARD ACCEPT
-P OUTPUT ACCEPT
-A INPUT -j REJECT --reject-with icmp-host-unreachable
-A INPUT -j REJECT --reject-with icmp-net-unreachable
-A INPUT -j REJECT --reject-with icmp-net-unreachable
-A INPUT -j REJECT --reject-with icmp-net-prohibited
-A INPUT -j REJECT --reject-with icmp-admin-prohibited
-A INPUT -j REJECT --reject-with icmp-port-unreachable
-A INPUT -p tcp -j REJECT --reject-with tcp-reset
=== restore errors
$ iptables-restore <<EOF
COMMIT
EOF
stderr: iptables-restore: line 1 failed
[exit 1]
$ iptables-restore <<EOF
*filter
:INPUT - [0:0]
COMMIT
EOF
$ iptables-restore <<EOF
*filter
:X - [0:0]
:X - [0:0]
COMMIT
EOF
stderr: iptables-restore v1.8.7 (legacy): error creating chain 'X':File exists
stderr: Error occurred at line: 3
stderr: Try `iptables-restore -h' or 'iptables-restore --help' for more information.
[exit 2]
$ iptables-restore <<EOF
*filter
*nat
COMMIT
EOF
stderr: Bad argument `*nat'
stderr: Error occurred at line: 2
stderr: Try `iptables-restore -h' or 'iptables-restore --help' for more information.
[exit 2]
$ iptables-restore <<EOF
*filter
:INPUT ACCEPT
COMMIT
EOF
$ iptables-restore <<EOF
*filter
:INPUT ACCEPT [a:b]
COMMIT
EOF
$ iptables-restore <<EOF
*filter
:X
COMMIT
EOF
stderr: iptables-restore v1.8.7 (legacy): iptables-restore: line 2 policy invalid
stderr: Error occurred at line: 2
stderr: Try `iptables-restore -h' or 'iptables-restore --help' for more information.
[exit 2]
$ iptables-restore <<EOF
*filter
-A INPUT -j ACCEPT
COMMIT
COMMIT
EOF
stderr: iptables-restore: line 4 failed
[exit 1]
$ iptables-restore <<EOF
*filter
-A INPUT -m comment --comment "a b c" -j ACCEPT
-A INPUT -m comment --comment "unterminated -j ACCEPT
COMMIT
EOF
$ iptables-restore <<EOF
*filter
-A INPUT -m comment --comment 'single' -j ACCEPT
COMMIT
EOF
$ iptables-save
# Generated by iptables-save v1.8.7 on Fri Nov 17 09:10:00 2023
*filter
:INPUT ACCEPT [0:0]
:FORWARD ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
-A INPUT -m comment --comment "\'single\'" -j ACCEPT
COMMIT
# Completed on Fri Nov 17 09:10:00 2023
$ iptables-restore <<EOF
*filter
-N X
-N X
COMMIT
EOF
stderr: iptables-restore: line 3 failed
[exit 1]
$ iptables-restore <<EOF
*filter
-D INPUT 5
COMMIT
EOF
stderr: iptables-restore: line 2 failed
[exit 1]
$ iptables-restore <<EOF
*filter
-L
COMMIT
EOF
Chain INPUT (policy ACCEPT)
target     prot opt source               destination         

Chain FORWARD (policy ACCEPT)
target     prot opt source               destination         

Chain OUTPUT (policy ACCEPT)
target     prot opt source               destination         
$ iptables-restore <<EOF
*filter
-S INPUT
COMMIT
EOF
-P INPUT ACCEPT
$ iptables-restore <<EOF
*nat
-A POSTROUTING -j DROP
COMMIT
EOF
stderr: iptables-restore v1.8.7 (legacy): 
stderr: The "nat" table is not intended for filtering, the use of DROP is therefore inhibited.
stderr: 
stderr: 
stderr: Error occurred at line: 2
stderr: Try `iptables-restore -h' or 'iptables-restore --help' for more information.
[exit 2]
$ iptables-restore <<EOF
*filter
-A INPUT -j ACCEPT
COMMIT
*filter
-A INPUT -j DROP
COMMIT
EOF
$ iptables-save
# Generated by iptables-save v1.8.7 on Fri Nov 17 09:10:00 2023
*nat
:PREROUTING ACCEPT [0:0]
:INPUT ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
:POSTROUTING ACCEPT [0:0]
COMMIT
# Completed on Fri Nov 17 09:10:00 2023
# Generated by iptables-save v1.8.7 on Fri Nov 17 09:10:00 2023
*filter
:INPUT ACCEPT [0:0]
:FORWARD ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
-A INPUT -j DROP
COMMIT
# Completed on Fri Nov 17 09:10:00 2023
$ iptables-restore --noflush <<EOF
*filter
:INPUT DROP [0:0]
:NEWC - [0:0]
-A NEWC -j RETURN
COMMIT
EOF
$ iptables-restore --noflush <<EOF
*filter
:NEWC - [0:0]
COMMIT
EOF
$ iptables-save
# Generated by iptables-save v1.8.7 on Fri Nov 17 09:10:00 2023
*nat
:PREROUTING ACCEPT [0:0]
:INPUT ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
:POSTROUTING ACCEPT [0:0]
COMMIT
# Completed on Fri Nov 17 09:10:00 2023
# Generated by iptables-save v1.8.7 on Fri Nov 17 09:10:00 2023
*filter
:INPUT DROP [0:0]
:FORWARD ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
:NEWC - [0:0]
-A INPUT -j DROP
COMMIT
# Completed on Fri Nov 17 09:10:00 2023
$ iptables-restore -w <<EOF
*filter
COMMIT
EOF
$ iptables-restore -c <<EOF
*filter
[1:2] -A INPUT -j ACCEPT
[x:2] -A INPUT -j ACCEPT
COMMIT
EOF
stderr: iptables-restore v1.8.7 (legacy): -c packet counter not numeric
stderr: Error occurred at line: 3
stderr: Try `iptables-restore -h' or 'iptables-restore --help' for more information.
[exit 2]
$ iptables-restore -c <<EOF
*filter
[1:2 -A INPUT -j ACCEPT
COMMIT
EOF
stderr: iptables-restore v1.8.7 (legacy): Bad line 2: need ]
stderr: Error occurred at line: 2
stderr: Try `iptables-restore -h' or 'iptables-restore --help' for more information.
[exit 2]
$ iptables-restore -c <<EOF
*filter
[12] -A INPUT -j ACCEPT
COMMIT
EOF
stderr: iptables-restore v1.8.7 (legacy): Bad line 2: need ]
stderr: Error occurred at line: 2
stderr: Try `iptables-restore -h' or 'iptables-restore --help' for more information.
[exit 2]
$ iptables-restore -c <<EOF
*filter
:INPUT ACCEPT [5:500]
-A INPUT -j ACCEPT -c 7 70
COMMIT
EOF
$ iptables-save -c
# Generated by iptables-save v1.8.7 on Fri Nov 17 09:10:00 2023
*nat
:PREROUTING ACCEPT [0:0]
:INPUT ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
:POSTROUTING ACCEPT [0:0]
COMMIT
# Completed on Fri Nov 17 09:10:00 2023
# Generated by iptables-save v1.8.7 on Fri Nov 17 09:10:00 2023
*filter
:INPUT ACCEPT [5:500]
:FORWARD ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
[7:70] -A INPUT -j ACCEPT
COMMIT
# Completed on Fri Nov 17 09:10:00 2023
$ iptables -L -v -n
Chain INPUT (policy ACCEPT 5 packets, 500 bytes)
 pkts bytes target     prot opt in     out     source               destination         
    7    70 ACCEPT     all  --  *      *       0.0.0.0/0            0.0.0.0/0           

Chain FORWARD (policy ACCEPT 0 packets, 0 bytes)
 pkts bytes target     prot opt in     out     source               destination         

Chain OUTPUT (policy ACCEPT 0 packets, 0 bytes)
 pkts bytes target     prot opt in     out     source               destination         
=== restore counters prefixes
$ iptables-restore -c <<EOF
*filter
[12] -A INPUT -m comment --comment a:b -j ACCEPT
COMMIT
EOF
stderr: iptables-restore v1.8.7 (legacy): -c byte counter not numeric
stderr: Error occurred at line: 2
stderr: Try `iptables-restore -h' or 'iptables-restore --help' for more information.
[exit 2]
$ iptables-restore -c <<EOF
*filter
[:5:6] -A INPUT -j ACCEPT
[7:8]] -A INPUT -j DROP
[9::10] -A INPUT -j RETURN
COMMIT
EOF
stderr: Bad argument `]'
stderr: Error occurred at line: 3
stderr: Try `iptables-restore -h' or 'iptables-restore --help' for more information.
[exit 2]
$ iptables-save -c
# Generated by iptables-save v1.8.7 on Fri Nov 17 09:10:00 2023
*filter
:INPUT ACCEPT [0:0]
:FORWARD ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
COMMIT
# Completed on Fri Nov 17 09:10:00 2023
$ iptables-restore -c <<EOF
*filter
[] -A INPUT -j ACCEPT
COMMIT
EOF
stderr: iptables-restore v1.8.7 (legacy): Bad line 2: need ]
stderr: Error occurred at line: 2
stderr: Try `iptables-restore -h' or 'iptables-restore --help' for more information.
[exit 2]
$ iptables-restore -c <<EOF
*filter
[:] -A INPUT -j ACCEPT
COMMIT
EOF
stderr: iptables-restore v1.8.7 (legacy): Bad line 2: need ]
stderr: Error occurred at line: 2
stderr: Try `iptables-restore -h' or 'iptables-restore --help' for more information.
[exit 2]
=== restore wait options
$ iptables-restore -w <<EOF
*filter
-A INPUT -j ACCEPT
COMMIT
EOF
$ iptables-restore -w 5 <<EOF
*filter
-A INPUT -j ACCEPT
COMMIT
EOF
$ iptables-restore -W <<EOF
*filter
-A INPUT -j ACCEPT
COMMIT
EOF
stderr: iptables-restore v1.8.7 (legacy): wait interval value required
stderr: Error occurred at line: 0
stderr: Try `iptables-restore -h' or 'iptables-restore --help' for more information.
[exit 2]
$ iptables-restore -W 5 <<EOF
*filter
-A INPUT -j ACCEPT
COMMIT
EOF
stderr: Ignoring deprecated --wait-interval option.
stderr: Option --wait-interval requires option --wait
[exit 1]
$ iptables-restore -w 5 -W 3 <<EOF
*filter
-A INPUT -j ACCEPT
COMMIT
EOF
stderr: Ignoring deprecated --wait-interval option.
$ iptables-restore -W 3 -w 5 <<EOF
*filter
-A INPUT -j ACCEPT
COMMIT
EOF
stderr: Ignoring deprecated --wait-interval option.
$ iptables-restore --wait <<EOF
*filter
-A INPUT -j ACCEPT
COMMIT
EOF
$ iptables-restore --wait=3 <<EOF
*filter
-A INPUT -j ACCEPT
COMMIT
EOF
$ iptables-restore --wait 5 <<EOF
*filter
-A INPUT -j ACCEPT
COMMIT
EOF
$ iptables-restore --wait-interval 5 <<EOF
*filter
-A INPUT -j ACCEPT
COMMIT
EOF
stderr: Ignoring deprecated --wait-interval option.
stderr: Option --wait-interval requires option --wait
[exit 1]
$ iptables-restore -w foo <<EOF
*filter
-A INPUT -j ACCEPT
COMMIT
EOF
stderr: iptables-restore v1.8.7 (legacy): wait seconds not numeric
stderr: Error occurred at line: 0
stderr: Try `iptables-restore -h' or 'iptables-restore --help' for more information.
[exit 2]
$ iptables-restore -wfoo <<EOF
*filter
-A INPUT -j ACCEPT
COMMIT
EOF
stderr: iptables-restore: invalid option -- 'f'
stderr: Try `iptables-restore -h' for more information.
[exit 1]
$ iptables-restore -w -5 <<EOF
*filter
-A INPUT -j ACCEPT
COMMIT
EOF
stderr: iptables-restore: invalid option -- '5'
stderr: Try `iptables-restore -h' for more information.
[exit 1]
$ iptables-restore -W 1000000 -w <<EOF
*filter
-A INPUT -j ACCEPT
COMMIT
EOF
stderr: iptables-restore v1.8.7 (legacy): too long usec wait 1000000 > 999999 usec
stderr: Error occurred at line: 0
stderr: Try `iptables-restore -h' or 'iptables-restore --help' for more information.
[exit 2]
$ iptables-restore -W -1 -w <<EOF
*filter
-A INPUT -j ACCEPT
COMMIT
EOF
stderr: iptables-restore v1.8.7 (legacy): wait interval value required
stderr: Error occurred at line: 0
stderr: Try `iptables-restore -h' or 'iptables-restore --help' for more information.
[exit 2]
$ iptables-restore -W x -w <<EOF
*filter
-A INPUT -j ACCEPT
COMMIT
EOF
stderr: iptables-restore v1.8.7 (legacy): wait interval not numeric
stderr: Error occurred at line: 0
stderr: Try `iptables-restore -h' or 'iptables-restore --help' for more information.
[exit 2]
$ iptables-restore -W5 -w <<EOF
*filter
-A INPUT -j ACCEPT
COMMIT
EOF
stderr: iptables-restore v1.8.7 (legacy): wait interval value required
stderr: Error occurred at line: 0
stderr: Try `iptables-restore -h' or 'iptables-restore --help' for more information.
[exit 2]
$ iptables-restore -c -w 3 -v <<EOF
*filter
-A INPUT -j ACCEPT
COMMIT
EOF
Flushing chain `INPUT'
Flushing chain `FORWARD'
Flushing chain `OUTPUT'
ACCEPT  all opt -- in * out *  0.0.0.0/0  -> 0.0.0.0/0  
$ iptables-restore -w 5 /nonexistent <<EOF
*filter
-A INPUT -j ACCEPT
COMMIT
EOF
stderr: Can't open /nonexistent: No such file or directory
[exit 1]
$ iptables-restore -W 3 -w 5 /nonexistent <<EOF
*filter
-A INPUT -j ACCEPT
COMMIT
EOF
stderr: Ignoring deprecated --wait-interval option.
stderr: Can't open /nonexistent: No such file or directory
[exit 1]
$ iptables-save
# Generated by iptables-save v1.8.7 on Fri Nov 17 09:10:00 2023
*filter
:INPUT ACCEPT [0:0]
:FORWARD ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
-A INPUT -j ACCEPT
COMMIT
# Completed on Fri Nov 17 09:10:00 2023
=== iptables wait options
$ iptables -w -S
-P INPUT ACCEPT
-P FORWARD ACCEPT
-P OUTPUT ACCEPT
$ iptables -w 5 -S
-P INPUT ACCEPT
-P FORWARD ACCEPT
-P OUTPUT ACCEPT
$ iptables -w5 -S
-P INPUT ACCEPT
-P FORWARD ACCEPT
-P OUTPUT ACCEPT
$ iptables -w foo -S
stderr: iptables v1.8.7 (legacy): wait seconds not numeric
stderr: Try `iptables -h' or 'iptables --help' for more information.
[exit 2]
$ iptables --wait=2 -S
-P INPUT ACCEPT
-P FORWARD ACCEPT
-P OUTPUT ACCEPT
$ iptables -S -w 3 INPUT
stderr: Bad argument `INPUT'
stderr: Try `iptables -h' or 'iptables --help' for more information.
[exit 2]
=== misc
$ iptables -A INPUT -p tcp -m tcp --dport 22 -m conntrack --ctstate NEW -m limit --limit 3/min -j LOG --log-prefix "ssh "
$ iptables -A INPUT -m addrtype --dst-type BLACKHOLE,UNREACHABLE,PROHIBIT,THROW,NAT,XRESOLVE,UNSPEC,ANYCAST,MULTICAST -j DROP
$ iptables -A INPUT -m conntrack --ctstate SNAT,DNAT -j ACCEPT
$ iptables -A INPUT -m conntrack --ctstatus NONE,EXPECTED -j ACCEPT
$ iptables -A INPUT -m conntrack --ctexpire 5 -j ACCEPT
$ iptables -A INPUT -m conntrack --ctdir REPLY -j ACCEPT
$ iptables -A INPUT -m conntrack --ctorigsrc 10.0.0.0/8 ! --ctorigdst 10.1.0.0/16 -j ACCEPT
$ iptables -A INPUT -m statistic --mode random --probability 1.5 -j ACCEPT
stderr: iptables v1.8.7 (legacy): statistic: bad value for option "--probability", or out of range (0-1).
stderr: 
stderr: Try `iptables -h' or 'iptables --help' for more information.
[exit 2]
$ iptables -A INPUT -m statistic --mode nth --every 0 -j ACCEPT
stderr: iptables v1.8.7 (legacy): statistic: bad value for option "--every", or out of range (1-4294967295).
stderr: 
stderr: Try `iptables -h' or 'iptables --help' for more information.
[exit 2]
$ iptables -A INPUT -m statistic --mode nth --every 2 --packet 2 -j ACCEPT
stderr: iptables v1.8.7 (legacy): the --packet p must be 0 <= p <= n-1
stderr: Try `iptables -h' or 'iptables --help' for more information.
[exit 2]
$ iptables -A INPUT -m limit --limit 10/second --limit-burst 20 -j ACCEPT
$ iptables -A INPUT -m limit --limit 1/m -j ACCEPT
$ iptables -A INPUT -m limit --limit 2/h -j ACCEPT
$ iptables -A INPUT -m limit --limit 2/d -j ACCEPT
$ iptables -A INPUT -m limit --limit 2/x -j ACCEPT
stderr: iptables v1.8.7 (legacy): bad rate "2/x"'
stderr: Try `iptables -h' or 'iptables --help' for more information.
[exit 2]
$ iptables -S
-P INPUT ACCEPT
-P FORWARD ACCEPT
-P OUTPUT ACCEPT
-A INPUT -p tcp -m tcp --dport 22 -m conntrack --ctstate NEW -m limit --limit 3/min -j LOG --log-prefix "ssh "
-A INPUT -m addrtype --dst-type UNSPEC,ANYCAST,MULTICAST,BLACKHOLE,UNREACHABLE,PROHIBIT,THROW,NAT,XRESOLVE -j DROP
-A INPUT -m conntrack --ctstate SNAT,DNAT -j ACCEPT
-A INPUT -m conntrack --ctstatus EXPECTED -j ACCEPT
-A INPUT -m conntrack --ctexpire 5 -j ACCEPT
-A INPUT -m conntrack --ctdir REPLY -j ACCEPT
-A INPUT -m conntrack --ctorigsrc 10.0.0.0/8 ! --ctorigdst 10.1.0.0/16 -j ACCEPT
-A INPUT -m limit --limit 10/sec --limit-burst 20 -j ACCEPT
-A INPUT -m limit --limit 1/min -j ACCEPT
-A INPUT -m limit --limit 2/hour -j ACCEPT
-A INPUT -m limit --limit 2/day -j ACCEPT
$ iptables -L -n
Chain INPUT (policy ACCEPT)
target     prot opt source               destination         
LOG        tcp  --  0.0.0.0/0            0.0.0.0/0            tcp dpt:22 ctstate NEW limit: avg 3/min burst 5 LOG flags 0 level 4 prefix "ssh "
DROP       all  --  0.0.0.0/0            0.0.0.0/0            ADDRTYPE match dst-type UNSPEC,ANYCAST,MULTICAST,BLACKHOLE,UNREACHABLE,PROHIBIT,THROW,NAT,XRESOLVE
ACCEPT     all  --  0.0.0.0/0            0.0.0.0/0            ctstate SNAT,DNAT
ACCEPT     all  --  0.0.0.0/0            0.0.0.0/0            ctstatus EXPECTED
ACCEPT     all  --  0.0.0.0/0            0.0.0.0/0            ctexpire 5
ACCEPT     all  --  0.0.0.0/0            0.0.0.0/0            ctdir REPLY
ACCEPT     all  --  0.0.0.0/0            0.0.0.0/0            ctorigsrc 10.0.0.0/8 ! ctorigdst 10.1.0.0/16
ACCEPT     all  --  0.0.0.0/0            0.0.0.0/0            limit: avg 10/sec burst 20
ACCEPT     all  --  0.0.0.0/0            0.0.0.0/0            limit: avg 1/min burst 5
ACCEPT     all  --  0.0.0.0/0            0.0.0.0/0            limit: avg 2/hour burst 5
ACCEPT     all  --  0.0.0.0/0            0.0.0.0/0            limit: avg 2/day burst 5

Chain FORWARD (policy ACCEPT)
target     prot opt source               destination         

Chain OUTPUT (policy ACCEPT)
target     prot opt source               destination         
$ iptables -L
Chain INPUT (policy ACCEPT)
target     prot opt source               destination         
LOG        tcp  --  anywhere             anywhere             tcp dpt:ssh ctstate NEW limit: avg 3/min burst 5 LOG level warn prefix "ssh "
DROP       all  --  anywhere             anywhere             ADDRTYPE match dst-type UNSPEC,ANYCAST,MULTICAST,BLACKHOLE,UNREACHABLE,PROHIBIT,THROW,NAT,XRESOLVE
ACCEPT     all  --  anywhere             anywhere             ctstate SNAT,DNAT
ACCEPT     all  --  anywhere             anywhere             ctstatus EXPECTED
ACCEPT     all  --  anywhere             anywhere             ctexpire 5
ACCEPT     all  --  anywhere             anywhere             ctdir REPLY
ACCEPT     all  --  anywhere             anywhere             ctorigsrc 10.0.0.0/8 ! ctorigdst 10.1.0.0/16
ACCEPT     all  --  anywhere             anywhere             limit: avg 10/sec burst 20
ACCEPT     all  --  anywhere             anywhere             limit: avg 1/min burst 5
ACCEPT     all  --  anywhere             anywhere             limit: avg 2/hour burst 5
ACCEPT     all  --  anywhere             anywhere             limit: avg 2/day burst 5

Chain FORWARD (policy ACCEPT)
target     prot opt source               destination         

Chain OUTPUT (policy ACCEPT)
target     prot opt source               destination         
